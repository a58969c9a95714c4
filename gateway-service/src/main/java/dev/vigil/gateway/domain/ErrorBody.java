package dev.vigil.gateway.domain;

import java.util.Objects;

/**
 * A rendered error response: status and JSON body. Headers (Allow, Retry-After, X-RateLimit-*,
 * WWW-Authenticate) are the HTTP layer's to add.
 */
public record ErrorBody(int status, String json) {

  public static final String CONTENT_TYPE = "application/json; charset=utf-8";

  public ErrorBody {
    Objects.requireNonNull(json, "json");
  }
}
