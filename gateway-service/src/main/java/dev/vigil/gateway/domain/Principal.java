package dev.vigil.gateway.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Who an authenticated request comes from. */
public sealed interface Principal {

  /**
   * The bootstrap operator, who creates and manages tenants. It belongs to no tenant and holds no
   * scopes, so it cannot read any tenant's data; and no API token can become one.
   */
  record Operator() implements Principal {}

  /**
   * A member of a tenant, through one of their API tokens.
   *
   * @param role the member's role now (not when the token was minted)
   * @param scopes what the token may do: its own scopes within what {@code role} allows ({@link
   *     MemberRole#effective})
   * @param projectId the project the token is pinned to, if any
   */
  record TokenHolder(
      UUID tenantId,
      long memberId,
      MemberRole role,
      UUID tokenId,
      ScopeSet scopes,
      Optional<UUID> projectId)
      implements Principal {

    public TokenHolder {
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(tokenId, "tokenId");
      Objects.requireNonNull(scopes, "scopes");
      Objects.requireNonNull(projectId, "projectId");
    }
  }
}
