package dev.vigil.kit.errors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders an {@link ApiException} in one API family's own error shape. */
public final class ErrorBodies {

  /** GitHub links every error to its REST docs; clients only check that the field is present. */
  public static final String GITHUB_DOCS = "https://docs.github.com/rest";

  private ErrorBodies() {}

  public static Response render(ApiFamily family, ApiException error) {
    Response.ResponseBuilder response =
        Response.status(error.status())
            .type(MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8"))
            .entity(body(family, error));
    error.headers().forEach(response::header);
    return response.build();
  }

  public static Map<String, Object> body(ApiFamily family, ApiException error) {
    Map<String, Object> body = new LinkedHashMap<>();
    switch (family) {
      case GITHUB -> {
        body.put("message", error.getMessage());
        if (error.details() instanceof List<?> violations && !violations.isEmpty()) {
          body.put("errors", githubErrors(violations));
        }
        body.put("documentation_url", GITHUB_DOCS);
        body.put("status", Integer.toString(error.status()));
      }
      case GITGUARDIAN -> body.put("detail", error.getMessage());
      case SCANNER -> body.put("error", error.getMessage());
      case SIGSENTRY -> {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", error.code());
        inner.put("message", error.getMessage());
        if (error.details() != null) {
          inner.put("details", error.details());
        }
        body.put("success", false);
        body.put("error", inner);
      }
    }
    return body;
  }

  private static List<Map<String, Object>> githubErrors(List<?> violations) {
    return violations.stream()
        .filter(FieldViolation.class::isInstance)
        .map(FieldViolation.class::cast)
        .map(
            v -> {
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("field", v.field());
              entry.put("code", v.code());
              entry.put("message", v.message());
              return entry;
            })
        .toList();
  }
}
