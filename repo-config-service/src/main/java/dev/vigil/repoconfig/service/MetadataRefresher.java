package dev.vigil.repoconfig.service;

import dev.vigil.contracts.events.EventType;
import dev.vigil.platform.RepositoryMetadata;
import dev.vigil.repoconfig.config.PlatformsConfig;
import dev.vigil.repoconfig.domain.CredentialCipher;
import dev.vigil.repoconfig.domain.CredentialCryptoException;
import dev.vigil.repoconfig.domain.Credentials;
import dev.vigil.repoconfig.domain.CredentialsCodec;
import dev.vigil.repoconfig.domain.GitRefNames;
import dev.vigil.repoconfig.domain.Platform;
import dev.vigil.repoconfig.domain.SealedCredentials;
import dev.vigil.repoconfig.events.RepoEventPublisher;
import dev.vigil.repoconfig.persistence.ConnectedRepositoryEntity;
import dev.vigil.repoconfig.persistence.ConnectedRepositoryRepository;
import dev.vigil.repoconfig.persistence.ConnectionRepository;
import dev.vigil.repoconfig.persistence.ServiceMappingRepository;
import dev.vigil.repoconfig.service.PlatformMetadataClient.Fetched;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Fetches each repository's default branch, visibility and whether the credentials work, and stores
 * them on {@code connected_repository}. Runs after every connect and replace (in the background)
 * and on invalidate-cache (while the request waits). Platform calls are blocking, so this class
 * runs on its own threads and talks to the database through {@link
 * VertxContextSupport#subscribeAndAwait}.
 *
 * <p>Results are applied only if the connection is unchanged since they were fetched ({@code
 * version}); a replace in between triggers its own refresh. When the default branch consumers
 * should use changes, a {@code repo.updated} event goes out in the same transaction.
 */
@ApplicationScoped
public class MetadataRefresher {

  private static final Logger LOG = Logger.getLogger(MetadataRefresher.class);

  /** What a refresh needs from the database, read before the (slow) platform calls. */
  private record Snapshot(
      UUID tenantId,
      String connectionId,
      Platform platform,
      String baseUrl,
      SealedCredentials sealed,
      int version,
      List<String> repositories) {}

  private final ConnectionRepository connections;
  private final ConnectedRepositoryRepository repositories;
  private final ServiceMappingRepository mappings;
  private final CredentialCipher cipher;
  private final PlatformMetadataClient platforms;
  private final RepoEventPublisher events;
  private final ExecutorService background;
  private final ExecutorService fetchers;

  public MetadataRefresher(
      ConnectionRepository connections,
      ConnectedRepositoryRepository repositories,
      ServiceMappingRepository mappings,
      CredentialCipher cipher,
      PlatformMetadataClient platforms,
      RepoEventPublisher events,
      PlatformsConfig config) {
    this.connections = connections;
    this.repositories = repositories;
    this.mappings = mappings;
    this.cipher = cipher;
    this.platforms = platforms;
    this.events = events;
    this.background = Executors.newFixedThreadPool(2, daemonThreads("repo-metadata"));
    this.fetchers =
        Executors.newFixedThreadPool(
            Math.max(1, config.parallelism()), daemonThreads("repo-metadata-fetch"));
  }

  @PreDestroy
  void stop() {
    background.shutdownNow();
    fetchers.shutdownNow();
  }

  /** Schedules a refresh; failures are logged, never thrown. */
  public void refreshLater(UUID tenantId, UUID projectId, String connectionId) {
    try {
      background.execute(
          () -> {
            try {
              refresh(tenantId, projectId, connectionId, false);
            } catch (RuntimeException e) {
              LOG.warnf(
                  "metadata refresh of %s failed: %s", connectionId, e.getClass().getSimpleName());
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debugf("metadata refresh of %s skipped: shutting down", connectionId);
    }
  }

  /**
   * Fetches and stores metadata for every repository of the connection. Blocking: never call it on
   * the event loop.
   *
   * @param dropCache also forget previously fetched values when a fetch fails transiently
   * @return false when the connection does not exist in this tenant and project
   */
  public boolean refresh(UUID tenantId, UUID projectId, String connectionId, boolean dropCache) {
    Snapshot snapshot =
        await(() -> Panache.withSession(() -> snapshot(tenantId, projectId, connectionId)));
    if (snapshot == null) {
      return false;
    }
    Map<String, Fetched> results = fetchAll(snapshot);
    await(
        () ->
            Panache.withTransaction(
                () -> apply(snapshot, results, dropCache).replaceWith(Boolean.TRUE)));
    return true;
  }

  private Uni<Snapshot> snapshot(UUID tenantId, UUID projectId, String connectionId) {
    return connections
        .findInProject(tenantId, projectId, connectionId)
        .chain(
            connection -> {
              if (connection == null) {
                return Uni.createFrom().nullItem();
              }
              return repositories
                  .listFor(List.of(connectionId))
                  .map(
                      repos ->
                          new Snapshot(
                              connection.tenantId,
                              connection.id,
                              Platform.fromWireName(connection.platform).orElseThrow(),
                              connection.baseUrl,
                              connection.sealedCredentials(),
                              connection.version,
                              repos.stream().map(r -> r.fullName).toList()));
            });
  }

  private Map<String, Fetched> fetchAll(Snapshot snapshot) {
    Map<String, Fetched> results = new HashMap<>();
    Credentials credentials;
    try {
      byte[] plaintext =
          cipher.open(
              snapshot.sealed(),
              CredentialCipher.contextFor(snapshot.tenantId(), snapshot.connectionId()));
      try {
        credentials = CredentialsCodec.decode(plaintext, snapshot.baseUrl());
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
    } catch (CredentialCryptoException e) {
      LOG.warnf(
          "connection %s: stored credentials cannot be opened (%s)",
          snapshot.connectionId(), e.reason());
      snapshot
          .repositories()
          .forEach(r -> results.put(r, new Fetched(null, "credentials_unreadable")));
      return results;
    }
    List<Future<Fetched>> pending = new ArrayList<>();
    for (String name : snapshot.repositories()) {
      Credentials c = credentials;
      pending.add(fetchers.submit(() -> platforms.fetch(snapshot.platform(), c, name)));
    }
    for (int i = 0; i < pending.size(); i++) {
      Fetched fetched;
      try {
        fetched = pending.get(i).get();
      } catch (ExecutionException e) {
        fetched = new Fetched(null, "unavailable");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pending.forEach(f -> f.cancel(true));
        throw new IllegalStateException("interrupted while fetching repository metadata");
      }
      results.put(snapshot.repositories().get(i), fetched);
    }
    return results;
  }

  private Uni<Void> apply(Snapshot snapshot, Map<String, Fetched> results, boolean dropCache) {
    return connections
        .lockInTenant(snapshot.tenantId(), snapshot.connectionId())
        .chain(
            connection -> {
              if (connection == null || connection.version != snapshot.version()) {
                return Uni.createFrom().voidItem();
              }
              List<String> ids = List.of(connection.id);
              return repositories
                  .listFor(ids)
                  .chain(
                      repos ->
                          mappings
                              .listFor(ids)
                              .chain(
                                  ms -> {
                                    Instant now = ConnectionService.now();
                                    Uni<Void> publish = Uni.createFrom().voidItem();
                                    boolean verified = false;
                                    for (ConnectedRepositoryEntity repo : repos) {
                                      Fetched fetched = results.get(repo.fullName);
                                      if (fetched == null) {
                                        continue;
                                      }
                                      String before =
                                          RepoEventPublisher.effectiveDefaultBranch(repo, ms);
                                      store(repo, fetched, now, dropCache);
                                      verified |=
                                          fetched.ok() && fetched.metadata().credentialsValid();
                                      if (!Objects.equals(
                                          before,
                                          RepoEventPublisher.effectiveDefaultBranch(repo, ms))) {
                                        publish =
                                            publish.chain(
                                                () ->
                                                    events.publish(
                                                        EventType.REPO_UPDATED,
                                                        connection,
                                                        repo,
                                                        ms));
                                      }
                                    }
                                    if (verified) {
                                      connection.credentialsVerifiedAt = now;
                                    }
                                    return publish;
                                  }));
            });
  }

  private static void store(
      ConnectedRepositoryEntity repo, Fetched fetched, Instant now, boolean dropCache) {
    if (fetched.ok()) {
      RepositoryMetadata metadata = fetched.metadata();
      String branch = metadata.defaultBranch();
      // Whatever the platform says goes into events too; keep only real branch names.
      repo.defaultBranch = branch != null && GitRefNames.isValidBranchName(branch) ? branch : null;
      repo.visibility = metadata.visibility().wireName();
      repo.credentialsValid = metadata.credentialsValid();
      repo.metadataFetchedAt = now;
      repo.metadataError = null;
    } else if (fetched.definitive()) {
      // Rejected credentials, or a repository these credentials cannot see.
      repo.defaultBranch = null;
      repo.visibility = null;
      repo.credentialsValid = false;
      repo.metadataFetchedAt = now;
      repo.metadataError = fetched.error();
    } else {
      // A transient failure keeps the last known values, unless the caller asked to drop them.
      if (dropCache) {
        repo.defaultBranch = null;
        repo.visibility = null;
        repo.credentialsValid = null;
        repo.metadataFetchedAt = null;
      }
      repo.metadataError = fetched.error();
    }
  }

  /**
   * Runs reactive database work from a plain (non event-loop) thread and waits for it; Hibernate
   * Reactive gets a fresh Vert.x context and session for it.
   */
  static <T> T await(Supplier<Uni<T>> work) {
    try {
      return VertxContextSupport.subscribeAndAwait(work);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("database access failed", e);
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
