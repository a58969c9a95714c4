package dev.vigil.gateway.persistence;

import dev.vigil.gateway.domain.ApiToken;
import dev.vigil.gateway.domain.Member;
import dev.vigil.gateway.domain.MemberRole;
import dev.vigil.gateway.domain.Project;
import dev.vigil.gateway.domain.Scope;
import dev.vigil.gateway.domain.ScopeSet;
import dev.vigil.gateway.domain.Tenant;
import dev.vigil.gateway.domain.TokenType;
import java.util.Arrays;
import java.util.Optional;

/** Entities to domain records; the domain never sees an entity. */
public final class EntityMapper {

  private EntityMapper() {}

  public static ApiToken toDomain(ApiTokenEntity e) {
    return new ApiToken(
        e.id,
        e.tenantId,
        e.memberId,
        Optional.ofNullable(e.creatorId),
        e.name,
        TokenType.fromValue(e.type).orElse(TokenType.PERSONAL_ACCESS_TOKEN),
        knownScopes(e.scopes),
        Optional.ofNullable(e.projectId),
        e.createdAt,
        e.lastUsedAt,
        e.expireAt,
        e.revokedAt);
  }

  public static Tenant toDomain(TenantEntity e) {
    return new Tenant(e.id, e.slug, e.plan, e.workspaceId == null ? 0 : e.workspaceId, e.createdAt);
  }

  public static Project toDomain(ProjectEntity e) {
    return new Project(e.id, e.tenantId, e.name, e.createdAt);
  }

  public static Member toDomain(MemberEntity e) {
    return new Member(
        e.id,
        e.tenantId,
        e.email,
        MemberRole.fromValue(e.role).orElse(MemberRole.RESTRICTED),
        e.createdAt);
  }

  /** Stored scopes this gateway knows; an unknown one (from a newer version) grants nothing. */
  public static ScopeSet knownScopes(String[] stored) {
    if (stored == null) {
      return ScopeSet.empty();
    }
    return ScopeSet.of(
        Arrays.stream(stored).map(Scope::fromValue).flatMap(Optional::stream).toList());
  }
}
