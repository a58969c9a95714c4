package dev.vigil.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Projects, always within one tenant. */
@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<ProjectEntity, UUID> {

  public Uni<ProjectEntity> findInTenant(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
  }

  public Uni<Boolean> existsInTenant(UUID tenantId, UUID id) {
    return count("tenantId = ?1 and id = ?2", tenantId, id).map(n -> n > 0);
  }

  public Uni<ProjectEntity> findByName(UUID tenantId, String name) {
    return find("tenantId = ?1 and name = ?2", tenantId, name).firstResult();
  }

  public Uni<List<ProjectEntity>> listInTenant(UUID tenantId) {
    return list("tenantId", Sort.by("createdAt").and("id"), tenantId);
  }

  public Uni<Long> deleteInTenant(UUID tenantId, UUID id) {
    return delete("tenantId = ?1 and id = ?2", tenantId, id);
  }
}
