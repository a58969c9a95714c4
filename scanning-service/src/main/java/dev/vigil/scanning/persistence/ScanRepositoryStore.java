package dev.vigil.scanning.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Code scanning's identity of a repository ({@code scan_repository}). Rows are created on first
 * upload and outlive disconnection, so a reconnected repository keeps its alerts and numbers.
 */
@ApplicationScoped
public class ScanRepositoryStore {

  /** The repository's id, or null when nothing was ever uploaded to it. */
  public Uni<Long> findId(UUID tenantId, String fullName) {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(
                        "SELECT id FROM scan_repository WHERE tenant_id = ?1"
                            + " AND full_name_lower = ?2",
                        Long.class)
                    .setParameter(1, tenantId)
                    .setParameter(2, RepoConnectionRepository.lower(fullName))
                    .getResultList())
        .map(ScanRepositoryStore::first);
  }

  /**
   * The repository's id, creating the row if needed. Reads first: the row is locked while an upload
   * of the repository is processed, and an upsert would wait for that.
   */
  public Uni<Long> ensureId(UUID tenantId, String fullName) {
    return findId(tenantId, fullName)
        .chain(
            id ->
                id != null
                    ? Uni.createFrom().item(id)
                    : Panache.getSession()
                        .chain(
                            session ->
                                session
                                    .createNativeQuery(
                                        "INSERT INTO scan_repository (tenant_id, full_name_lower)"
                                            + " VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                                    .setParameter(1, tenantId)
                                    .setParameter(2, RepoConnectionRepository.lower(fullName))
                                    .executeUpdate())
                        .chain(() -> findId(tenantId, fullName)));
  }

  /**
   * Locks the repository's row until the transaction ends: waits for an upload of it being
   * processed, and keeps processing out meanwhile. {@code FOR NO KEY UPDATE}, as processing takes
   * it: new uploads (foreign-key {@code FOR KEY SHARE}) are still stored meanwhile.
   */
  public Uni<Void> lock(long repoId) {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(
                        "SELECT id FROM scan_repository WHERE id = ?1 FOR NO KEY UPDATE",
                        Long.class)
                    .setParameter(1, repoId)
                    .getResultList())
        .replaceWithVoid();
  }

  private static Long first(List<Long> ids) {
    return ids.isEmpty() ? null : ids.get(0);
  }
}
