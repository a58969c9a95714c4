package dev.vigil.gateway.domain;

import java.util.Objects;

/**
 * A freshly generated API token: the plaintext, shown to its owner exactly once, and the hash that
 * is the only thing stored.
 *
 * @param plaintext the full token ({@code vgl_…}); never log or persist it
 * @param hash {@link TokenHasher} hash of {@code plaintext}
 */
public record IssuedToken(String plaintext, String hash) {

  public IssuedToken {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(hash, "hash");
  }

  @Override
  public String toString() {
    return "IssuedToken[plaintext=" + ApiTokenFormat.PREFIX + "<redacted>]";
  }
}
