package dev.vigil.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Tenants. Only the bootstrap operator's API and start-up code read across tenants; every other
 * repository filters by tenant.
 */
@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<TenantEntity, UUID> {

  public Uni<TenantEntity> findBySlug(String slug) {
    return find("slug", slug).firstResult();
  }

  public Uni<List<TenantEntity>> listAllBySlug() {
    return listAll(Sort.by("slug"));
  }

  public Uni<Boolean> anyExists() {
    return count().map(n -> n > 0);
  }

  /** Inserts and reads back the database-assigned workspace id. */
  public Uni<TenantEntity> insert(TenantEntity tenant) {
    return persistAndFlush(tenant)
        .chain(
            t ->
                find("select t.workspaceId from TenantEntity t where t.id = ?1", t.id)
                    .project(Long.class)
                    .singleResult()
                    .invoke(id -> t.workspaceId = id)
                    .replaceWith(t));
  }
}
