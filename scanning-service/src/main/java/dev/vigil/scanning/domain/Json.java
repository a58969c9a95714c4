package dev.vigil.scanning.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Streaming helpers. Scalars are read leniently (a number written as a string still counts, a value
 * of the wrong type is skipped and read as absent) because GitHub accepts files that real tools
 * produce, not only schema-perfect ones.
 */
final class Json {

  private Json() {}

  @FunctionalInterface
  interface FieldHandler {
    /** Handles the value the parser is on; must consume it (or call skipChildren). */
    void field(String name) throws IOException;
  }

  @FunctionalInterface
  interface ElementHandler {
    /** Handles the element the parser is on; must consume it. */
    void element(int index) throws IOException;
  }

  /** Calls {@code handler} per field if the parser is on an object; skips anything else. */
  static boolean forEachField(JsonParser p, FieldHandler handler) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return false;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      handler.field(name);
    }
    return true;
  }

  /** Calls {@code handler} per element if the parser is on an array; skips anything else. */
  static boolean forEachElement(JsonParser p, ElementHandler handler) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return false;
    }
    int i = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      handler.element(i++);
    }
    return true;
  }

  /** A scalar as text; null for null, objects and arrays (which are skipped). */
  static String text(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return null;
    }
    return switch (t) {
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
          p.getText();
      default -> {
        p.skipChildren();
        yield null;
      }
    };
  }

  /** A non-negative int (SARIF indices, lines, columns); null when absent or not one. */
  static Integer nonNegativeInt(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() == JsonParser.NumberType.INT) {
        int v = p.getIntValue();
        return v >= 0 ? v : null;
      }
      return null;
    }
    if (t == JsonToken.VALUE_STRING) {
      try {
        int v = Integer.parseInt(p.getText().trim());
        return v >= 0 ? v : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    p.skipChildren();
    return null;
  }

  /** {@code {"text": …}} (message, multiformatMessageString, snippet) → its text. */
  static String textProperty(JsonParser p) throws IOException {
    String[] text = new String[1];
    forEachField(
        p,
        name -> {
          if (name.equals("text")) {
            text[0] = text(p);
          } else {
            p.skipChildren();
          }
        });
    return text[0];
  }
}
