package dev.vigil.scanning.api;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorBodies;
import dev.vigil.kit.errors.FieldViolation;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * One rule for every text parameter of code scanning, before any resource runs: a query parameter
 * ({@code ref}, {@code tool_name}, {@code tool_guid}, {@code state}, {@code sort}, …) with a
 * control character (NUL included, which PostgreSQL cannot store) or longer than {@link
 * #MAX_QUERY_VALUE} is GitHub's 422 naming the parameter; a path segment with one is GitHub's 404
 * (no such repository or object).
 */
public class TextParameters {

  /** Refs, tool names and guids are identifiers; nothing GitHub accepts here is longer. */
  public static final int MAX_QUERY_VALUE = 255;

  // Before service-kit's generic control-character rule (same default priority, so otherwise the
  // order is unspecified): GitHub answers a bad parameter with 422 "Validation Failed" naming it.
  @ServerRequestFilter(priority = Priorities.USER - 100)
  public Optional<Response> check(ContainerRequestContext request) {
    MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
    for (List<String> values : path.values()) {
      for (String value : values) {
        if (hasControl(value)) {
          return Optional.of(
              ErrorBodies.render(ApiFamily.GITHUB, ApiException.notFound("Not Found")));
        }
      }
    }
    for (Map.Entry<String, List<String>> param :
        request.getUriInfo().getQueryParameters().entrySet()) {
      for (String value : param.getValue()) {
        String problem =
            hasControl(value)
                ? param.getKey() + " must not contain control characters"
                : value.length() > MAX_QUERY_VALUE
                    ? param.getKey() + " must be at most " + MAX_QUERY_VALUE + " characters"
                    : null;
        if (problem != null) {
          return Optional.of(
              ErrorBodies.render(
                  ApiFamily.GITHUB,
                  ApiException.unprocessable(
                      "Validation Failed",
                      List.of(FieldViolation.invalid(safeName(param.getKey()), problem)))));
        }
      }
    }
    return Optional.empty();
  }

  /** Control characters other than none: C0, DEL and C1. */
  static boolean hasControl(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return true;
      }
    }
    return false;
  }

  private static String safeName(String name) {
    return hasControl(name) || name.length() > MAX_QUERY_VALUE ? "query" : name;
  }
}
