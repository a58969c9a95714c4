package dev.vigil.kit.input;

import dev.vigil.kit.errors.ApiException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rejects, before any resource runs, a path or query parameter holding a control character (a
 * {@code %00} would otherwise reach PostgreSQL and fail there as a 500). The 400 is rendered in the
 * resource's error family by the usual exception mappers; the value is never echoed.
 */
public class ParameterRules {

  @ServerRequestFilter
  public void rejectControlCharacters(UriInfo uri) {
    check("path parameter", uri.getPathParameters(true));
    check("query parameter", uri.getQueryParameters(true));
  }

  private static void check(String kind, MultivaluedMap<String, String> parameters) {
    for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
      if (InputText.containsControl(entry.getKey())) {
        throw ApiException.badRequest("A " + kind + " name contains a control character.");
      }
      for (String value : entry.getValue()) {
        if (InputText.containsControl(value)) {
          String name = entry.getKey().length() <= 64 ? entry.getKey() : "A " + kind;
          throw ApiException.badRequest(name + ": must not contain control characters.");
        }
      }
    }
  }
}
