package dev.vigil.scanning.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.kit.errors.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/**
 * Request bodies as GitHub reads them: JSON whatever the declared {@code Content-Type} (its own
 * {@code curl -d '{…}'} examples send {@code application/x-www-form-urlencoded}, and clients that
 * send none are served too). Resources take the raw bytes and parse them here.
 */
@ApplicationScoped
public class JsonBodies {

  private final ObjectMapper json;

  JsonBodies(ObjectMapper json) {
    this.json = json;
  }

  /** The body as JSON; null when it is empty; GitHub's 400 when it is not JSON. */
  public JsonNode read(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      JsonNode node = json.readTree(body);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("Problems parsing JSON"); // never echo the input
    } catch (IOException e) {
      throw ApiException.badRequest("Problems parsing JSON");
    }
  }
}
