package dev.vigil.repoconfig.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Queries on {@code service_mapping}. */
@ApplicationScoped
public class ServiceMappingRepository
    implements PanacheRepositoryBase<ServiceMappingEntity, ServiceMappingEntity.Key> {

  /** The mappings of the given connections, by connection and position. */
  public Uni<List<ServiceMappingEntity>> listFor(Collection<String> connectionIds) {
    if (connectionIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return list(
        "connectionId in ?1", Sort.by("connectionId").and("position"), List.copyOf(connectionIds));
  }

  public Uni<Long> deleteFor(String connectionId) {
    return delete("connectionId", connectionId);
  }
}
