package dev.vigil.gateway.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored API token, field for field GitGuardian's token object plus Vigil's tenant and optional
 * project pin. The secret itself is not here: only its hash is stored, and that stays in the
 * persistence layer.
 *
 * @param memberId the member the token acts as
 * @param creatorId the member who created it; empty once that member is deleted
 * @param projectId the project the token is pinned to (SigSentry project-scoped key), if any
 * @param lastUsedAt null until first use
 * @param expireAt null for a token that never expires
 * @param revokedAt null while not revoked
 */
public record ApiToken(
    UUID id,
    UUID tenantId,
    long memberId,
    Optional<Long> creatorId,
    String name,
    TokenType type,
    ScopeSet scopes,
    Optional<UUID> projectId,
    Instant createdAt,
    Instant lastUsedAt,
    Instant expireAt,
    Instant revokedAt) {

  public ApiToken {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(creatorId, "creatorId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(scopes, "scopes");
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public TokenStatus status(Instant now) {
    return TokenStatus.statusAt(now, expireAt, revokedAt);
  }

  /** Only an active token authenticates. */
  public boolean isActive(Instant now) {
    return status(now) == TokenStatus.ACTIVE;
  }

  /**
   * The principal this token authenticates as while its member holds {@code role}: the token's
   * scopes within what the role allows.
   */
  public Principal.TokenHolder principal(MemberRole role) {
    return new Principal.TokenHolder(
        tenantId, memberId, role, id, role.effective(scopes), projectId);
  }
}
