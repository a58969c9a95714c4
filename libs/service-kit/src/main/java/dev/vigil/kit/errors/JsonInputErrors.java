package dev.vigil.kit.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.vigil.kit.input.StrictJson;
import java.util.Collection;
import java.util.Map;

/**
 * Turns Jackson's failure to read a request body into a message a client can act on, naming the
 * field and what was expected but never quoting the input or a Java type.
 */
public final class JsonInputErrors {

  private JsonInputErrors() {}

  /**
   * The client's mistake, or null when it is not a body Jackson understood but did not like (the
   * JSON itself is malformed).
   */
  public static ApiException describe(JsonProcessingException error) {
    if (error instanceof JsonMappingException mapping
        && mapping.getCause() instanceof ApiException rejected) {
      return rejected; // a rule of ours, thrown while reading
    }
    if (!(error instanceof MismatchedInputException mismatch)) {
      return null;
    }
    String field = path(mismatch);
    String problem =
        mismatch instanceof StrictJson.NulInString
            ? "must not contain NUL characters"
            : "must be " + expected(mismatch.getTargetType());
    return ApiException.validation(
        field + ": " + problem + ".", java.util.List.of(FieldViolation.invalid(field, problem)));
  }

  static String path(JsonMappingException error) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : error.getPath()) {
      if (reference.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "body" : path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
      return "a string";
    }
    if (Number.class.isAssignableFrom(type)
        || (type.isPrimitive() && type != boolean.class && type != char.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java")) {
      return "an object";
    }
    return "of another type";
  }
}
