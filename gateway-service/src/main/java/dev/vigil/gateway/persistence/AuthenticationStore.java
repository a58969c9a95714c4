package dev.vigil.gateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The hot-path reads of authentication, on the reactive client directly rather than through a
 * Hibernate session: they run for every cache miss and cache refresh, often in the background of a
 * request whose own resource method uses a session on the same Vert.x context, and must not share
 * or close it.
 */
@ApplicationScoped
public class AuthenticationStore {

  /**
   * A token found by its hash, with what authentication needs of its tenant and member.
   *
   * @param memberRole the member's role now, which bounds what the token may do
   */
  public record TokenRow(
      UUID id,
      UUID tenantId,
      long memberId,
      String memberRole,
      String[] scopes,
      UUID projectId,
      Instant expireAt,
      Instant revokedAt,
      String plan,
      long workspaceId,
      String tenantSlug) {}

  // The one lookup that precedes knowing the tenant: by the token's unique hash.
  private static final String BY_HASH =
      "SELECT t.id, t.tenant_id, t.member_id, m.role, t.scopes, t.project_id, t.expire_at,"
          + " t.revoked_at, tn.plan, tn.workspace_id, tn.slug"
          + " FROM api_tokens t JOIN tenants tn ON tn.id = t.tenant_id"
          + " JOIN members m ON m.tenant_id = t.tenant_id AND m.id = t.member_id"
          + " WHERE t.token_hash = $1";

  private static final String PROJECT_IN_TENANT =
      "SELECT 1 FROM projects WHERE tenant_id = $1 AND id = $2";

  private final Pool pool;

  public AuthenticationStore(Pool pool) {
    this.pool = pool;
  }

  /** The token with this hash, or null. */
  public Uni<TokenRow> findByHash(String tokenHash) {
    return pool.preparedQuery(BY_HASH)
        .execute(Tuple.of(tokenHash))
        .map(rows -> rows.size() == 0 ? null : toRow(rows.iterator().next()));
  }

  public Uni<Boolean> projectExists(UUID tenantId, UUID projectId) {
    return pool.preparedQuery(PROJECT_IN_TENANT)
        .execute(Tuple.of(tenantId, projectId))
        .map(rows -> rows.size() > 0);
  }

  private static TokenRow toRow(Row row) {
    return new TokenRow(
        row.getUUID("id"),
        row.getUUID("tenant_id"),
        row.getLong("member_id"),
        row.getString("role"),
        row.getArrayOfStrings("scopes"),
        row.getUUID("project_id"),
        instant(row.getOffsetDateTime("expire_at")),
        instant(row.getOffsetDateTime("revoked_at")),
        row.getString("plan"),
        row.getLong("workspace_id"),
        row.getString("slug"));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
