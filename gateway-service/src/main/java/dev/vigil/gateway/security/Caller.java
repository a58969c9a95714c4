package dev.vigil.gateway.security;

import dev.vigil.gateway.domain.Principal;
import java.util.Objects;

/**
 * Who sent a request, as the gateway authenticated it, with what the gateway needs of the caller's
 * tenant.
 *
 * @param plan the tenant's rate-limit plan; null for the operator
 * @param workspaceId the tenant's GitGuardian-style integer id; 0 for the operator
 * @param tenantSlug the tenant's slug (also its GitHub enterprise slug); null for the operator
 */
public record Caller(Principal principal, String plan, long workspaceId, String tenantSlug) {

  /** Where the gateway's own resources find the caller of the current request. */
  public static final String CONTEXT_KEY = "vigil.gateway.caller";

  public Caller {
    Objects.requireNonNull(principal, "principal");
  }

  public static Caller operator() {
    return new Caller(new Principal.Operator(), null, 0, null);
  }

  public boolean isOperator() {
    return principal instanceof Principal.Operator;
  }

  /** The token holder; throws for the operator. */
  public Principal.TokenHolder holder() {
    if (principal instanceof Principal.TokenHolder holder) {
      return holder;
    }
    throw new IllegalStateException("the operator holds no API token");
  }
}
