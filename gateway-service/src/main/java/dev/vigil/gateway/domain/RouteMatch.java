package dev.vigil.gateway.domain;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A route found for a request.
 *
 * @param pathVariables percent-decoded values of the template's variables; a decoded value may
 *     contain '/' (from {@code %2F}), which is data, never a separator
 * @param rawPath the path as received (no query), which is what the proxy forwards; the backend
 *     then sees exactly the bytes the gateway matched
 */
public record RouteMatch(Route route, Map<String, String> pathVariables, String rawPath) {

  public RouteMatch {
    Objects.requireNonNull(route, "route");
    pathVariables = Map.copyOf(pathVariables);
    Objects.requireNonNull(rawPath, "rawPath");
  }

  public Optional<String> variable(String name) {
    return Optional.ofNullable(pathVariables.get(name));
  }
}
