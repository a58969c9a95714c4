package dev.vigil.gateway.persistence;

import dev.vigil.gateway.domain.TokenStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * API tokens. Every query filters by tenant; the lookup by hash that precedes knowing the tenant is
 * {@link AuthenticationStore#findByHash}.
 */
@ApplicationScoped
public class ApiTokenRepository implements PanacheRepositoryBase<ApiTokenEntity, UUID> {

  /** Stands in for NULL in keyset ordering: nullable timestamps sort after every real one. */
  static final Instant NULL_TIMESTAMP = Instant.parse("9999-12-31T23:59:59Z");

  /** A keyset position: the boundary row's sort value and id. */
  public record Keyset(Instant value, UUID id) {}

  public Uni<ApiTokenEntity> findInTenant(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
  }

  /** Sets {@code revoked_at} unless already revoked; returns whether the token exists. */
  public Uni<Boolean> revokeInTenant(UUID tenantId, UUID id, Instant at) {
    return update(
            "revokedAt = ?3 where tenantId = ?1 and id = ?2 and revokedAt is null",
            tenantId,
            id,
            at)
        .chain(updated -> updated > 0 ? Uni.createFrom().item(true) : existsInTenant(tenantId, id));
  }

  public Uni<Boolean> existsInTenant(UUID tenantId, UUID id) {
    return count("tenantId = ?1 and id = ?2", tenantId, id).map(n -> n > 0);
  }

  public Uni<Long> deleteByMember(UUID tenantId, long memberId) {
    return delete("tenantId = ?1 and memberId = ?2", tenantId, memberId);
  }

  public Uni<Long> deleteByProject(UUID tenantId, UUID projectId) {
    return delete("tenantId = ?1 and projectId = ?2", tenantId, projectId);
  }

  /**
   * One page of a tenant's tokens in keyset order.
   *
   * @param after the boundary row, or null for the first page
   * @param backwards read towards the start (a {@code prev} cursor); the rows still come back in
   *     the requested order
   * @param limit rows to read (the caller asks one more than a page to see if another follows)
   */
  public Uni<List<ApiTokenEntity>> page(
      UUID tenantId, ApiTokenFilter filter, Keyset after, boolean backwards, int limit) {
    StringBuilder hql = new StringBuilder("from ApiTokenEntity t where t.tenantId = :tenant");
    Parameters params = Parameters.with("tenant", tenantId);
    filter
        .status()
        .ifPresent(
            status -> {
              hql.append(statusCondition(status));
              params.and("now", filter.now());
            });
    filter
        .memberId()
        .ifPresent(
            id -> {
              hql.append(" and t.memberId = :member");
              params.and("member", id);
            });
    filter
        .creatorId()
        .ifPresent(
            id -> {
              hql.append(" and t.creatorId = :creator");
              params.and("creator", id);
            });
    if (!filter.scopes().isEmpty()) {
      hql.append(" and array_overlaps(t.scopes, :scopes)");
      params.and("scopes", filter.scopes().toArray(String[]::new));
    }
    filter
        .search()
        .ifPresent(
            text -> {
              hql.append(" and lower(t.name) like :search escape '\\'");
              params.and("search", "%" + escapeLike(text.toLowerCase(java.util.Locale.ROOT)) + "%");
            });
    String sortKey = sortKey(filter.ordering().field());
    boolean descending = filter.ordering().descending() ^ backwards;
    if (after != null) {
      String op = descending ? "<" : ">";
      hql.append(" and (")
          .append(sortKey)
          .append(' ')
          .append(op)
          .append(" :afterValue or (")
          .append(sortKey)
          .append(" = :afterValue and t.id ")
          .append(op)
          .append(" :afterId))");
      params.and("afterValue", after.value()).and("afterId", after.id());
    }
    if (sortKey.contains(":nullTs")) {
      params.and("nullTs", NULL_TIMESTAMP);
    }
    String direction = descending ? " desc" : " asc";
    hql.append(" order by ").append(sortKey).append(direction).append(", t.id").append(direction);
    return find(hql.toString(), params).range(0, limit - 1).list();
  }

  /** The value a row sorts by under {@code field}, with NULL as {@link #NULL_TIMESTAMP}. */
  public static Instant sortValue(ApiTokenEntity token, ApiTokenFilter.Ordering.Field field) {
    Instant value =
        switch (field) {
          case CREATED_AT -> token.createdAt;
          case LAST_USED_AT -> token.lastUsedAt;
          case EXPIRE_AT -> token.expireAt;
          case REVOKED_AT -> token.revokedAt;
        };
    return value == null ? NULL_TIMESTAMP : value;
  }

  private static String sortKey(ApiTokenFilter.Ordering.Field field) {
    return field == ApiTokenFilter.Ordering.Field.CREATED_AT
        ? "t.createdAt"
        : "coalesce(t." + field.property() + ", :nullTs)";
  }

  private static String statusCondition(TokenStatus status) {
    String notRevoked = "(t.revokedAt is null or t.revokedAt > :now)";
    return switch (status) {
      case ACTIVE -> " and " + notRevoked + " and (t.expireAt is null or t.expireAt > :now)";
      case REVOKED -> " and t.revokedAt is not null and t.revokedAt <= :now";
      case EXPIRED -> " and " + notRevoked + " and t.expireAt is not null and t.expireAt <= :now";
    };
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
