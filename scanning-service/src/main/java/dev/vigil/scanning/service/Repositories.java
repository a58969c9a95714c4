package dev.vigil.scanning.service;

import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.repos.RepositoryLookup;
import dev.vigil.scanning.persistence.RepoConnectionEntity;
import dev.vigil.scanning.persistence.RepoConnectionRepository;
import dev.vigil.scanning.persistence.ScanRepositoryStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Resolves {@code {owner}/{repo}} for the caller's tenant. An unknown repository and another
 * tenant's repository are both GitHub's plain 404, so existence never leaks.
 *
 * <p>Read-your-writes: the read model follows {@code vigil.repos.v1} a moment behind repo-config,
 * so a miss is asked of repo-config ({@link RepositoryLookup}) before it is a 404. A repository
 * found there is written into the read model as a provisional row (event time at the epoch): any
 * event of the repository, older or newer, overwrites it, and it never overwrites one.
 */
@ApplicationScoped
public class Repositories {

  private static final Logger LOG = Logger.getLogger(Repositories.class);

  private final RepoConnectionRepository connections;
  private final ScanRepositoryStore scanRepositories;
  private final RepositoryLookup lookup;

  Repositories(
      RepoConnectionRepository connections,
      ScanRepositoryStore scanRepositories,
      RepositoryLookup lookup) {
    this.connections = connections;
    this.scanRepositories = scanRepositories;
    this.lookup = lookup;
  }

  // Says once whether read-your-writes holds, so a laptop run or a deployment shows it in the log.
  void onStart(@Observes StartupEvent event) {
    if (lookup.enabled()) {
      LOG.info("repository lookup is on: a read-model miss is asked of repo-config");
    } else {
      LOG.info(
          "repository lookup is off: a repository is unknown until its repo.connected event"
              + " arrives (set vigil.service-identity.* and vigil.repo-lookup.repo-config-url)");
    }
  }

  /** The connected repository; must run in a session. */
  public Uni<RepoRef> require(UUID tenantId, String owner, String repo) {
    if (owner == null || repo == null || owner.isEmpty() || repo.isEmpty()) {
      return Uni.createFrom().failure(notFound());
    }
    String name =
        owner + "/" + (repo.endsWith(".git") ? repo.substring(0, repo.length() - 4) : repo);
    return connections
        .findByName(tenantId, name)
        .onItem()
        .ifNull()
        .switchTo(() -> askRepoConfig(tenantId, name))
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

  /** repo-config's answer on a read-model miss, kept as a provisional row; null when unknown. */
  private Uni<RepoConnectionEntity> askRepoConfig(UUID tenantId, String name) {
    return lookup
        .connected(tenantId, name)
        .chain(
            found -> {
              // As the read model prefers them: GitHub's connection first.
              RepoEvent best =
                  found.stream()
                      .min(
                          Comparator.comparing(
                              (RepoEvent r) -> r.platform() != RepoEvent.Platform.GITHUB))
                      .orElse(null);
              if (best == null) {
                return Uni.createFrom().nullItem();
              }
              return Panache.withTransaction(
                      () ->
                          connections.apply(
                              true,
                              best.connectionId(),
                              tenantId,
                              best.projectId(),
                              best.platform().name().toLowerCase(Locale.ROOT),
                              best.fullName(),
                              best.defaultBranch(),
                              RepoConnectionRepository.mappingsJson(best.serviceMappings()),
                              Instant.EPOCH))
                  .chain(() -> connections.findByName(tenantId, name));
            });
  }

  /** The repository with code scanning's row created if needed (uploads); in a transaction. */
  public Uni<RepoRef> withRepoId(RepoRef ref) {
    return ref.repoId() != null
        ? Uni.createFrom().item(ref)
        : scanRepositories.ensureId(ref.tenantId(), ref.fullName()).map(ref::withRepoId);
  }

  public static ApiException notFound() {
    return ApiException.notFound("Not Found");
  }
}
