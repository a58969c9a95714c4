package dev.vigil.gateway.service;

import dev.vigil.gateway.domain.ApiToken;
import java.util.Objects;

/**
 * A token just created, with its value: the only time the value exists outside the caller.
 *
 * @param plaintext never log it
 */
public record CreatedToken(ApiToken token, String plaintext) {
  public CreatedToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(plaintext, "plaintext");
  }

  @Override
  public String toString() {
    return "CreatedToken[" + token.id() + "]";
  }
}
