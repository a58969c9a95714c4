package dev.vigil.repoconfig.service;

import dev.vigil.repoconfig.persistence.ConnectedRepositoryEntity;
import dev.vigil.repoconfig.persistence.RepoConnectionEntity;
import dev.vigil.repoconfig.persistence.ServiceMappingEntity;
import java.util.List;

/**
 * A connection with its repositories and service mappings, in position order, as committed (or
 * about to be). The API layer maps it to its representation; it never leaves the service as is.
 */
public record ConnectionState(
    RepoConnectionEntity connection,
    List<ConnectedRepositoryEntity> repositories,
    List<ServiceMappingEntity> mappings) {

  public ConnectionState {
    repositories = List.copyOf(repositories);
    mappings = List.copyOf(mappings);
  }
}
