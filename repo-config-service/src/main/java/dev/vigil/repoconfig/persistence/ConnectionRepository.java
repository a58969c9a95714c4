package dev.vigil.repoconfig.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Queries on {@code repo_connection}. Every user-facing lookup filters by tenant and project, so
 * another tenant's or project's id is simply not found.
 */
@ApplicationScoped
public class ConnectionRepository implements PanacheRepositoryBase<RepoConnectionEntity, String> {

  private static final String IN_PROJECT = "id = ?1 and tenantId = ?2 and projectId = ?3";
  private static final String IN_TENANT = "id = ?1 and tenantId = ?2";

  public Uni<RepoConnectionEntity> findInProject(UUID tenantId, UUID projectId, String id) {
    return find(IN_PROJECT, id, tenantId, projectId).firstResult();
  }

  /** The row locked FOR UPDATE until the end of the current transaction, or null. */
  public Uni<RepoConnectionEntity> lockInProject(UUID tenantId, UUID projectId, String id) {
    return find(IN_PROJECT, id, tenantId, projectId)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResult();
  }

  /**
   * The tenant's oldest GitHub connection holding {@code fullName} (case-insensitively), in any
   * project, or null.
   */
  public Uni<RepoConnectionEntity> findGitHubConnectionOf(UUID tenantId, String fullName) {
    return find(
            "tenantId = ?1 and platform = 'github' and id in (select r.connectionId from"
                + " ConnectedRepositoryEntity r where r.tenantId = ?1 and lower(r.fullName) = ?2)",
            Sort.by("createdAt").and("id"),
            tenantId,
            fullName.toLowerCase(Locale.ROOT))
        .firstResult();
  }

  /** How many connections the project has. */
  public Uni<Long> countInProject(UUID tenantId, UUID projectId) {
    return count("tenantId = ?1 and projectId = ?2", tenantId, projectId);
  }

  /** For internal callers that act for a tenant but not for one project. */
  public Uni<RepoConnectionEntity> findInTenant(UUID tenantId, String id) {
    return find(IN_TENANT, id, tenantId).firstResult();
  }

  public Uni<RepoConnectionEntity> lockInTenant(UUID tenantId, String id) {
    return find(IN_TENANT, id, tenantId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
  }

  /**
   * One keyset page of a project's connections in (createdAt, id) order, starting after the given
   * position (none: from the start).
   */
  public Uni<List<RepoConnectionEntity>> page(
      UUID tenantId, UUID projectId, Instant afterCreatedAt, String afterId, int limit) {
    Sort order = Sort.by("createdAt").and("id");
    var query =
        afterCreatedAt == null
            ? find("tenantId = ?1 and projectId = ?2", order, tenantId, projectId)
            : find(
                "tenantId = ?1 and projectId = ?2"
                    + " and (createdAt > ?3 or (createdAt = ?3 and id > ?4))",
                order,
                tenantId,
                projectId,
                afterCreatedAt,
                afterId);
    return query.range(0, limit - 1).list();
  }

  /**
   * Makes the current transaction see one snapshot for all its statements, so that a connection and
   * its repositories are read as of the same commit. Must be the transaction's first statement.
   */
  public Uni<Void> useOneSnapshot() {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .executeUpdate())
        .replaceWithVoid();
  }

  /** Deletes the connection; its repositories and mappings go with it (ON DELETE CASCADE). */
  public Uni<Long> deleteInProject(UUID tenantId, UUID projectId, String id) {
    return delete(IN_PROJECT, id, tenantId, projectId);
  }
}
