package dev.vigil.scanning.api;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.scanning.persistence.RepoConnectionRepository;
import dev.vigil.scanning.persistence.ScanRepositoryStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Resolves {@code {owner}/{repo}} for the caller's tenant. An unknown repository and another
 * tenant's repository are both GitHub's plain 404, so existence never leaks.
 */
@ApplicationScoped
class Repositories {

  private final RepoConnectionRepository connections;
  private final ScanRepositoryStore scanRepositories;

  Repositories(RepoConnectionRepository connections, ScanRepositoryStore scanRepositories) {
    this.connections = connections;
    this.scanRepositories = scanRepositories;
  }

  /** The connected repository; must run in a session. */
  Uni<RepoRef> require(UUID tenantId, String owner, String repo) {
    if (owner == null || repo == null || owner.isEmpty() || repo.isEmpty()) {
      return Uni.createFrom().failure(notFound());
    }
    String name =
        owner + "/" + (repo.endsWith(".git") ? repo.substring(0, repo.length() - 4) : repo);
    return connections
        .findByName(tenantId, name)
        .onItem()
        .ifNull()
        .failWith(Repositories::notFound)
        .chain(
            connection ->
                scanRepositories
                    .findId(tenantId, connection.fullName)
                    .map(
                        id ->
                            new RepoRef(
                                tenantId,
                                connection.fullName,
                                connection.defaultBranch,
                                id,
                                connection.serviceMappings)));
  }

  /** The repository with code scanning's row created if needed (uploads); in a transaction. */
  Uni<RepoRef> withRepoId(RepoRef ref) {
    return ref.repoId() != null
        ? Uni.createFrom().item(ref)
        : scanRepositories.ensureId(ref.tenantId(), ref.fullName()).map(ref::withRepoId);
  }

  static ApiException notFound() {
    return ApiException.notFound("Not Found");
  }
}
