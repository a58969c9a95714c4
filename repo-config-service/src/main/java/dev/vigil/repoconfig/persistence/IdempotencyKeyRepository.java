package dev.vigil.repoconfig.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * {@code idempotency_key} rows, in native SQL: the claim is one {@code INSERT ... ON CONFLICT}
 * whose outcome the primary key decides, and bodies are {@code jsonb}.
 */
@ApplicationScoped
public class IdempotencyKeyRepository {

  /** A stored key as seen by a later request with the same key. */
  public record StoredKey(String fingerprint, boolean completed, Integer status, String body) {}

  // Takes over a key only when the old row has expired or its in-flight lease ran out (a crash
  // between claim and completion); otherwise the existing row wins and 0 rows are affected.
  private static final String CLAIM =
      "INSERT INTO idempotency_key (tenant_id, project_id, key, request_fingerprint, state,"
          + " created_at, expires_at)"
          + " VALUES (:tenant, :project, :key, :fingerprint, 'in_flight', now(),"
          + " now() + CAST(:ttl AS double precision) * interval '1 second')"
          + " ON CONFLICT (tenant_id, project_id, key) DO UPDATE SET"
          + " request_fingerprint = EXCLUDED.request_fingerprint, state = 'in_flight',"
          + " response_status = NULL, response_body = NULL,"
          + " created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at"
          + " WHERE idempotency_key.expires_at <= now()"
          + " OR (idempotency_key.state = 'in_flight'"
          + " AND idempotency_key.created_at < now() - CAST(:lease AS double precision) * interval '1 second')";

  /** Whether this caller now owns the key (in flight). Run in its own short transaction. */
  public Uni<Boolean> claim(
      UUID tenantId,
      UUID projectId,
      String key,
      String fingerprint,
      Duration ttl,
      Duration inFlightLease) {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(CLAIM)
                    .setParameter("tenant", tenantId)
                    .setParameter("project", projectId)
                    .setParameter("key", key)
                    .setParameter("fingerprint", fingerprint)
                    .setParameter("ttl", ttl.toSeconds())
                    .setParameter("lease", inFlightLease.toSeconds())
                    .executeUpdate())
        .map(rows -> rows == 1);
  }

  /** The unexpired row for the key, or null. */
  public Uni<StoredKey> find(UUID tenantId, UUID projectId, String key) {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .<Object[]>createNativeQuery(
                        "SELECT request_fingerprint, state, response_status,"
                            + " CAST(response_body AS text) FROM idempotency_key"
                            + " WHERE tenant_id = :tenant AND project_id = :project AND key = :key"
                            + " AND expires_at > now()")
                    .setParameter("tenant", tenantId)
                    .setParameter("project", projectId)
                    .setParameter("key", key)
                    .getResultList())
        .map(IdempotencyKeyRepository::toStoredKey);
  }

  private static StoredKey toStoredKey(List<Object[]> rows) {
    if (rows.isEmpty()) {
      return null;
    }
    Object[] row = rows.get(0);
    return new StoredKey(
        (String) row[0],
        "completed".equals(row[1]),
        row[2] == null ? null : ((Number) row[2]).intValue(),
        (String) row[3]);
  }

  /** Stores the response; runs in the same transaction as the work it answers for. */
  public Uni<Integer> complete(
      UUID tenantId, UUID projectId, String key, String fingerprint, int status, String bodyJson) {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(
                        "UPDATE idempotency_key SET state = 'completed', response_status = :status,"
                            // Bound as text: a string bound straight to jsonb would be stored
                            // as a JSON string literal.
                            + " response_body = CAST(CAST(:body AS text) AS jsonb)"
                            + " WHERE tenant_id = :tenant AND project_id = :project AND key = :key"
                            + " AND request_fingerprint = :fingerprint AND state = 'in_flight'")
                    .setParameter("status", status)
                    .setParameter("body", bodyJson)
                    .setParameter("tenant", tenantId)
                    .setParameter("project", projectId)
                    .setParameter("key", key)
                    .setParameter("fingerprint", fingerprint)
                    .executeUpdate());
  }

  /** Frees an in-flight key after a failed request, so that a retry can proceed. */
  public Uni<Integer> release(UUID tenantId, UUID projectId, String key, String fingerprint) {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(
                        "DELETE FROM idempotency_key WHERE tenant_id = :tenant"
                            + " AND project_id = :project AND key = :key"
                            + " AND request_fingerprint = :fingerprint AND state = 'in_flight'")
                    .setParameter("tenant", tenantId)
                    .setParameter("project", projectId)
                    .setParameter("key", key)
                    .setParameter("fingerprint", fingerprint)
                    .executeUpdate());
  }
}
