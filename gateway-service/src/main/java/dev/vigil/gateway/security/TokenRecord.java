package dev.vigil.gateway.security;

import dev.vigil.gateway.domain.MemberRole;
import dev.vigil.gateway.domain.Principal;
import dev.vigil.gateway.domain.ScopeSet;
import dev.vigil.gateway.domain.TokenStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What authentication keeps of a stored token for the cache's short life. Status is evaluated per
 * request from the timestamps, so a token expires on time even while cached.
 */
record TokenRecord(
    UUID tokenId,
    UUID tenantId,
    long memberId,
    MemberRole role,
    ScopeSet scopes,
    Optional<UUID> projectId,
    Instant expireAt,
    Instant revokedAt,
    String plan,
    long workspaceId,
    String tenantSlug,
    Caller caller) {

  /** The record, with its caller (the token's scopes within what its role allows) built once. */
  static TokenRecord of(
      UUID tokenId,
      UUID tenantId,
      long memberId,
      MemberRole role,
      ScopeSet scopes,
      Optional<UUID> projectId,
      Instant expireAt,
      Instant revokedAt,
      String plan,
      long workspaceId,
      String tenantSlug) {
    Caller caller =
        new Caller(
            new Principal.TokenHolder(
                tenantId, memberId, role, tokenId, role.effective(scopes), projectId),
            plan,
            workspaceId,
            tenantSlug);
    return new TokenRecord(
        tokenId,
        tenantId,
        memberId,
        role,
        scopes,
        projectId,
        expireAt,
        revokedAt,
        plan,
        workspaceId,
        tenantSlug,
        caller);
  }

  TokenStatus statusAt(Instant now) {
    return TokenStatus.statusAt(now, expireAt, revokedAt);
  }
}
