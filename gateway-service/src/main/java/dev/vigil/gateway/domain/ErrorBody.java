package dev.vigil.gateway.domain;

import java.util.Objects;

/**
 * A rendered error response: status, JSON body and the family's exact content type. Headers (Allow,
 * Retry-After, X-RateLimit-*, WWW-Authenticate) are the HTTP layer's to add.
 */
public record ErrorBody(int status, String json, String contentType) {

  public ErrorBody {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(contentType, "contentType");
  }
}
