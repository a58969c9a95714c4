package dev.vigil.gateway.domain;

import java.util.Objects;

/** Who may call a route. */
public sealed interface Access {

  /** Any active API token, whatever its scopes (GitGuardian's health and token self-service). */
  Access AUTHENTICATED = new Authenticated();

  /** Only the bootstrap operator. */
  Access OPERATOR = new OperatorOnly();

  static Access scope(Scope scope) {
    return new RequiresScope(scope);
  }

  record Authenticated() implements Access {}

  record RequiresScope(Scope scope) implements Access {
    public RequiresScope {
      Objects.requireNonNull(scope, "scope");
    }
  }

  record OperatorOnly() implements Access {}
}
