package dev.vigil.gateway.domain;

import java.util.Objects;

/**
 * A token a caller presented that is well formed and has a valid checksum. Whether it exists, is
 * active and has the right scopes is for the token store to say, by its hash.
 *
 * @param value the full token string; never log it
 */
public record PresentedToken(String value) {

  public PresentedToken {
    Objects.requireNonNull(value, "value");
  }

  /** The hash to look the token up by. */
  public String hash(TokenHasher hasher) {
    return hasher.hash(value);
  }

  @Override
  public String toString() {
    return "PresentedToken[" + ApiTokenFormat.PREFIX + "<redacted>]";
  }
}
