package dev.vigil.gateway.domain;

import java.util.Objects;

/**
 * The operator credential: a token in the ordinary {@code vgl_} format (so scanners still catch it
 * if it leaks) whose {@link TokenHasher} hash comes from the gateway's configuration rather than
 * the {@code api_tokens} table. Matching it yields {@link Principal.Operator}, never a scope.
 *
 * @param tokenHash the configured hash; empty string disables the operator
 */
public record BootstrapOperator(String tokenHash) {

  public BootstrapOperator {
    Objects.requireNonNull(tokenHash, "tokenHash");
  }

  public static BootstrapOperator disabled() {
    return new BootstrapOperator("");
  }

  /** Whether a presented token's hash is the operator's, compared in constant time. */
  public boolean matches(String presentedHash) {
    return !tokenHash.isEmpty() && TokenHasher.constantTimeEquals(tokenHash, presentedHash);
  }

  @Override
  public String toString() {
    return tokenHash.isEmpty() ? "BootstrapOperator[disabled]" : "BootstrapOperator[configured]";
  }
}
