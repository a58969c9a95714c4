package dev.vigil.repoconfig.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

/** The per-project repository counter that quota checks lock. */
@ApplicationScoped
public class ProjectRepoCountRepository
    implements PanacheRepositoryBase<ProjectRepoCountEntity, ProjectRepoCountEntity.Key> {

  /**
   * The project's counter, created at zero if missing, locked FOR UPDATE until the end of the
   * current transaction. Concurrent callers queue on the lock, so each sees the count the previous
   * one committed.
   */
  public Uni<ProjectRepoCountEntity> lock(UUID tenantId, UUID projectId) {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(
                        "INSERT INTO project_repo_count (tenant_id, project_id, repo_count,"
                            + " updated_at) VALUES (:tenant, :project, 0, now())"
                            + " ON CONFLICT (tenant_id, project_id) DO NOTHING")
                    .setParameter("tenant", tenantId)
                    .setParameter("project", projectId)
                    .executeUpdate())
        .chain(
            () ->
                find("tenantId = ?1 and projectId = ?2", tenantId, projectId)
                    .withLock(LockModeType.PESSIMISTIC_WRITE)
                    .singleResult());
  }
}
