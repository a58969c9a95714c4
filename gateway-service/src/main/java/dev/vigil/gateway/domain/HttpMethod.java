package dev.vigil.gateway.domain;

import java.util.Optional;

/** The HTTP methods routes use. Method names are case-sensitive (RFC 9110), so no lower-casing. */
public enum HttpMethod {
  GET,
  HEAD,
  POST,
  PUT,
  PATCH,
  DELETE,
  OPTIONS;

  public static Optional<HttpMethod> parse(String method) {
    if (method == null) {
      return Optional.empty();
    }
    return switch (method) {
      case "GET" -> Optional.of(GET);
      case "HEAD" -> Optional.of(HEAD);
      case "POST" -> Optional.of(POST);
      case "PUT" -> Optional.of(PUT);
      case "PATCH" -> Optional.of(PATCH);
      case "DELETE" -> Optional.of(DELETE);
      case "OPTIONS" -> Optional.of(OPTIONS);
      default -> Optional.empty();
    };
  }
}
