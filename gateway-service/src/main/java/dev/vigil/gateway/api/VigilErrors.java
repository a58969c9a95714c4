package dev.vigil.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.JsonInputErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Vigil's own error shape, {@code {"error":{"code","message"}}}, the same the gateway filter uses
 * for {@code /vigil} routes. The kit's mappers know only the vendor families, so the Vigil
 * resources map their exceptions here.
 */
final class VigilErrors {

  private VigilErrors() {}

  static Response render(ApiException error) {
    return render(error.status(), error.code(), error.getMessage());
  }

  static Response render(WebApplicationException error) {
    int status = error.getResponse().getStatus();
    if (status == 400 && error.getCause() instanceof JsonProcessingException json) {
      return render(json);
    }
    Response.StatusType type = Response.Status.fromStatusCode(status);
    return render(
        status,
        status >= 500 ? "INTERNAL_ERROR" : "ERROR",
        type == null ? "Error" : type.getReasonPhrase());
  }

  /** A body Jackson could not read: the field and what it expects, never the input. */
  static Response render(JsonProcessingException error) {
    ApiException described = JsonInputErrors.describe(error);
    return described != null
        ? render(described)
        : render(400, "BAD_REQUEST", "Request body is not valid JSON");
  }

  private static Response render(int status, String code, String message) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("code", code);
    inner.put("message", message);
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8"))
        .entity(Map.of("error", inner))
        .build();
  }
}
