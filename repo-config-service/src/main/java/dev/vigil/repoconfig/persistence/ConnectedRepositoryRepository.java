package dev.vigil.repoconfig.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Queries on {@code connected_repository}. */
@ApplicationScoped
public class ConnectedRepositoryRepository
    implements PanacheRepositoryBase<ConnectedRepositoryEntity, ConnectedRepositoryEntity.Key> {

  /** The repositories of the given connections, by connection and position. */
  public Uni<List<ConnectedRepositoryEntity>> listFor(Collection<String> connectionIds) {
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
