package dev.vigil.secrets.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.FieldViolation;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Request bodies read as JSON whatever their declared {@code Content-Type} (GitHub's own curl
 * examples send {@code -d} without one), with field checks that answer 422 naming the field.
 */
@ApplicationScoped
public class JsonBodies {

  private final ObjectMapper json;

  JsonBodies(ObjectMapper json) {
    this.json = json;
  }

  /** The body as a JSON object; 400 when it is empty, not JSON, or not an object. */
  public JsonNode object(byte[] body, String problem) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest(problem);
    }
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(problem); // never echo the input
    } catch (IOException e) {
      throw ApiException.badRequest(problem);
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest(problem);
    }
    return node;
  }

  static ApiException invalid(String field, String message) {
    return ApiException.unprocessable(message, List.of(FieldViolation.invalid(field, message)));
  }

  /** An optional string field of at most {@code max} characters without control characters. */
  static Optional<String> string(JsonNode node, String field, int max, boolean allowNewlines) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw invalid(field, field + " must be a string");
    }
    String text = value.textValue();
    if (text.length() > max) {
      throw invalid(field, field + " is longer than " + max + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == 0 || (!allowNewlines && Character.isISOControl(ch))) {
        throw invalid(field, field + " must not contain control characters");
      }
    }
    return Optional.of(text);
  }

  static String required(JsonNode node, String field, int max) {
    return string(node, field, max, false)
        .filter(s -> !s.isBlank())
        .orElseThrow(() -> invalid(field, field + " is required"));
  }

  /** An optional array of strings, at most {@code maxItems} of at most {@code max} characters. */
  static List<String> strings(JsonNode node, String field, int maxItems, int max) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw invalid(field, field + " must be an array of strings");
    }
    if (value.size() > maxItems) {
      throw invalid(field, field + " has more than " + maxItems + " entries");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw invalid(field, field + " must be an array of strings");
      }
      if (item.textValue().length() > max || item.textValue().indexOf(0) >= 0) {
        throw invalid(
            field, field + " entries must be at most " + max + " characters, without NUL");
      }
      out.add(item.textValue());
    }
    return out;
  }
}
