package dev.vigil.repoconfig.service;

import dev.vigil.contracts.events.EventType;
import dev.vigil.repoconfig.domain.ConnectionIds;
import dev.vigil.repoconfig.domain.ConnectionRequest;
import dev.vigil.repoconfig.domain.CredentialCipher;
import dev.vigil.repoconfig.domain.CredentialCryptoException;
import dev.vigil.repoconfig.domain.Credentials;
import dev.vigil.repoconfig.domain.CredentialsCodec;
import dev.vigil.repoconfig.domain.Plans;
import dev.vigil.repoconfig.domain.Platform;
import dev.vigil.repoconfig.domain.QuotaPolicy;
import dev.vigil.repoconfig.domain.RepositoryNames;
import dev.vigil.repoconfig.domain.SealedCredentials;
import dev.vigil.repoconfig.domain.ServiceMapping;
import dev.vigil.repoconfig.events.RepoEventPublisher;
import dev.vigil.repoconfig.persistence.ConnectedRepositoryEntity;
import dev.vigil.repoconfig.persistence.ConnectedRepositoryRepository;
import dev.vigil.repoconfig.persistence.ConnectionRepository;
import dev.vigil.repoconfig.persistence.ProjectRepoCountRepository;
import dev.vigil.repoconfig.persistence.RepoConnectionEntity;
import dev.vigil.repoconfig.persistence.ServiceMappingEntity;
import dev.vigil.repoconfig.persistence.ServiceMappingRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Repository connections of a project: create, read, replace, delete. Each change runs in one
 * transaction that also adjusts the project's repository count (quota) and writes one outbox event
 * per affected repository; platform metadata is fetched after the commit.
 *
 * <p>Lock order, to stay free of deadlocks: the connection row first, then the project counter.
 */
@ApplicationScoped
public class ConnectionService {

  private static final Logger LOG = Logger.getLogger(ConnectionService.class);

  private final ConnectionRepository connections;
  private final ConnectedRepositoryRepository repositories;
  private final ServiceMappingRepository mappings;
  private final ProjectRepoCountRepository counts;
  private final QuotaPolicy quotas;
  private final CredentialCipher cipher;
  private final RepoEventPublisher events;
  private final IdempotencyService idempotency;
  private final MetadataRefresher refresher;

  public ConnectionService(
      ConnectionRepository connections,
      ConnectedRepositoryRepository repositories,
      ServiceMappingRepository mappings,
      ProjectRepoCountRepository counts,
      QuotaPolicy quotas,
      CredentialCipher cipher,
      RepoEventPublisher events,
      IdempotencyService idempotency,
      MetadataRefresher refresher) {
    this.connections = connections;
    this.repositories = repositories;
    this.mappings = mappings;
    this.counts = counts;
    this.quotas = quotas;
    this.cipher = cipher;
    this.events = events;
    this.idempotency = idempotency;
    this.refresher = refresher;
  }

  // --- reads -------------------------------------------------------------------------------------
  // Read-only transactions on one snapshot: a connection and its repositories come from the same
  // commit even while a metadata refresh or a replace commits in between.

  public Uni<ConnectionState> get(Caller caller, String id) {
    if (!ConnectionIds.isWellFormed(id)) {
      return Uni.createFrom().failure(ServiceErrors.connectionNotFound());
    }
    return Panache.withTransaction(
        () ->
            connections
                .useOneSnapshot()
                .chain(() -> connections.findInProject(caller.tenantId(), caller.projectId(), id))
                .onItem()
                .ifNull()
                .failWith(ServiceErrors::connectionNotFound)
                .chain(this::load));
  }

  /**
   * One page of the project's connections in creation order.
   *
   * @param afterCreatedAt with {@code afterId}, the position of the previous page's last item; null
   *     for the first page
   */
  public Uni<ConnectionPage> list(
      Caller caller, Instant afterCreatedAt, String afterId, int limit) {
    return Panache.withTransaction(
        () ->
            connections
                .useOneSnapshot()
                .chain(
                    () ->
                        connections.page(
                            caller.tenantId(),
                            caller.projectId(),
                            afterCreatedAt,
                            afterId,
                            limit + 1))
                .chain(
                    rows -> {
                      boolean hasMore = rows.size() > limit;
                      return loadAll(hasMore ? rows.subList(0, limit) : rows)
                          .map(states -> new ConnectionPage(states, hasMore));
                    }));
  }

  private Uni<ConnectionState> load(RepoConnectionEntity connection) {
    return loadAll(List.of(connection)).map(states -> states.get(0));
  }

  /** The connections with their repositories and mappings, in two queries. */
  private Uni<List<ConnectionState>> loadAll(List<RepoConnectionEntity> page) {
    List<String> ids = page.stream().map(c -> c.id).toList();
    return repositories
        .listFor(ids)
        .chain(repos -> mappings.listFor(ids).map(ms -> assemble(page, repos, ms)));
  }

  private static List<ConnectionState> assemble(
      List<RepoConnectionEntity> page,
      List<ConnectedRepositoryEntity> repos,
      List<ServiceMappingEntity> ms) {
    Map<String, List<ConnectedRepositoryEntity>> reposById = new HashMap<>();
    repos.forEach(r -> reposById.computeIfAbsent(r.connectionId, k -> new ArrayList<>()).add(r));
    Map<String, List<ServiceMappingEntity>> mappingsById = new HashMap<>();
    ms.forEach(m -> mappingsById.computeIfAbsent(m.connectionId, k -> new ArrayList<>()).add(m));
    return page.stream()
        .map(
            c ->
                new ConnectionState(
                    c,
                    reposById.getOrDefault(c.id, List.of()),
                    mappingsById.getOrDefault(c.id, List.of())))
        .toList();
  }

  /**
   * Drops the cached platform metadata of a connection, fetches it again and returns the result.
   * Blocking (platform calls): call it from a worker thread.
   */
  public ConnectionState invalidateCache(Caller caller, String id) {
    if (!ConnectionIds.isWellFormed(id)
        || !refresher.refresh(caller.tenantId(), caller.projectId(), id, true)) {
      throw ServiceErrors.connectionNotFound();
    }
    return MetadataRefresher.await(() -> get(caller, id));
  }

  // --- create ------------------------------------------------------------------------------------

  /**
   * Connects the repositories of a validated request. {@code render} turns the new state into the
   * response body, which is stored with the idempotency key in the same transaction.
   */
  public <R> Uni<R> create(
      Caller caller,
      ConnectionRequest request,
      Optional<IdempotencyClaim> claim,
      Function<ConnectionState, R> render) {
    return Uni.createFrom()
        .deferred(
            () -> {
              Instant now = now();
              RepoConnectionEntity connection = new RepoConnectionEntity();
              connection.id = ConnectionIds.newId();
              connection.tenantId = caller.tenantId();
              connection.projectId = caller.projectId();
              connection.createdAt = now;
              connection.version = 0;
              configure(connection, request, now);
              List<ConnectedRepositoryEntity> repos =
                  newRepositories(connection, request.repositories(), Map.of());
              List<ServiceMappingEntity> ms = newMappings(connection, request);
              ConnectionState state = new ConnectionState(connection, repos, ms);
              return Panache.withTransaction(
                      () ->
                          adjustCount(caller, repos.size())
                              .chain(() -> connections.persist(connection))
                              .chain(Panache::flush)
                              .chain(() -> persistChildren(repos, ms))
                              .chain(() -> publishEach(EventType.REPO_CONNECTED, state, repos))
                              .map(ignored -> render.apply(state))
                              .call(body -> idempotency.complete(claim, 201, body)))
                  .invoke(
                      () -> {
                        LOG.infof(
                            "connected %d %s repositories as %s",
                            repos.size(), connection.platform, connection.id);
                        refresher.refreshLater(
                            caller.tenantId(), caller.projectId(), connection.id);
                      });
            })
        .onFailure()
        .call(() -> idempotency.release(claim));
  }

  // --- replace -----------------------------------------------------------------------------------

  /**
   * Replaces a connection with a validated request (PUT). Absent {@code credentials} keep the
   * stored ones (allowed only while the platform stays the same). Repositories are matched case-
   * insensitively: kept ones get {@code repo.updated}, new ones {@code repo.connected}, dropped
   * ones {@code repo.disconnected}; a platform change disconnects all old ones.
   */
  public <R> Uni<R> replace(
      Caller caller,
      String id,
      ConnectionRequest request,
      Optional<IdempotencyClaim> claim,
      Function<ConnectionState, R> render) {
    return Uni.createFrom()
        .deferred(
            () -> {
              if (!ConnectionIds.isWellFormed(id)) {
                return Uni.createFrom().<R>failure(ServiceErrors.connectionNotFound());
              }
              return Panache.withTransaction(
                      () ->
                          connections
                              .lockInProject(caller.tenantId(), caller.projectId(), id)
                              .onItem()
                              .ifNull()
                              .failWith(ServiceErrors::connectionNotFound)
                              .chain(this::load)
                              .chain(old -> replace(caller, old, request))
                              .map(render)
                              .call(body -> idempotency.complete(claim, 200, body)))
                  .invoke(() -> refresher.refreshLater(caller.tenantId(), caller.projectId(), id));
            })
        .onFailure()
        .call(() -> idempotency.release(claim));
  }

  private Uni<ConnectionState> replace(
      Caller caller, ConnectionState old, ConnectionRequest request) {
    RepoConnectionEntity connection = old.connection();
    Platform platform = platformOf(request);
    boolean platformChanged = !platform.wireName().equals(connection.platform);
    if (request.credentials() == null && platformChanged) {
      return Uni.createFrom()
          .failure(
              ServiceErrors.validation("credentials", "is required when the platform changes"));
    }
    // The kept token must not be sent to another host than the one it was given for.
    if (request.credentials() == null
        && request.baseUrl() != null
        && !request.effectiveBaseUrl().equals(connection.baseUrl)) {
      return Uni.createFrom()
          .failure(ServiceErrors.validation("credentials", "is required when baseUrl changes"));
    }
    String oldPlatform = connection.platform;
    String oldBaseUrl = connection.baseUrl;

    Map<String, ConnectedRepositoryEntity> previous = new HashMap<>();
    if (!platformChanged) {
      old.repositories().forEach(r -> previous.put(RepositoryNames.identityKey(r.fullName), r));
    }
    Set<String> newKeys = new HashSet<>();
    request.repositories().forEach(name -> newKeys.add(RepositoryNames.identityKey(name)));
    List<String> removed =
        old.repositories().stream()
            .filter(
                r -> platformChanged || !newKeys.contains(RepositoryNames.identityKey(r.fullName)))
            .map(r -> r.fullName)
            .toList();

    Instant now = now();
    if (request.credentials() == null) {
      rewrapIfStale(connection);
    }
    configure(connection, request, now);
    connection.version++;
    List<ConnectedRepositoryEntity> repos =
        newRepositories(connection, request.repositories(), previous);
    List<ServiceMappingEntity> ms = newMappings(connection, request);
    ConnectionState state = new ConnectionState(connection, repos, ms);
    int delta = repos.size() - old.repositories().size();

    Uni<Void> publish = Uni.createFrom().voidItem();
    for (String fullName : removed) {
      publish =
          publish.chain(() -> events.disconnected(connection, oldPlatform, oldBaseUrl, fullName));
    }
    for (ConnectedRepositoryEntity repo : repos) {
      boolean kept = previous.containsKey(RepositoryNames.identityKey(repo.fullName));
      EventType type = kept ? EventType.REPO_UPDATED : EventType.REPO_CONNECTED;
      publish = publish.chain(() -> events.publish(type, connection, repo, ms));
    }
    Uni<Void> publishAll = publish;
    return adjustCount(caller, delta)
        .chain(() -> detach(old))
        .chain(() -> mappings.deleteFor(connection.id))
        .chain(() -> repositories.deleteFor(connection.id))
        .chain(() -> persistChildren(repos, ms))
        .chain(() -> publishAll)
        .replaceWith(state);
  }

  /**
   * Moves an envelope still wrapped under an old key to the active one while the row is locked
   * anyway; the periodic re-wrap would otherwise have to wait for the lock to go.
   */
  private void rewrapIfStale(RepoConnectionEntity connection) {
    SealedCredentials sealed = connection.sealedCredentials();
    if (!cipher.needsRewrap(sealed)) {
      return;
    }
    try {
      connection.setSealedCredentials(
          cipher.rewrap(sealed, CredentialCipher.contextFor(connection.tenantId, connection.id)));
    } catch (CredentialCryptoException e) {
      LOG.warnf("connection %s: could not re-wrap credentials (%s)", connection.id, e.reason());
    }
  }

  // Loaded children stay in the session otherwise, and the new rows reuse their primary keys.
  private Uni<Void> detach(ConnectionState old) {
    return Panache.getSession()
        .invoke(
            session -> {
              old.mappings().forEach(session::detach);
              old.repositories().forEach(session::detach);
            })
        .replaceWithVoid();
  }

  // --- delete ------------------------------------------------------------------------------------

  /** Disconnects every repository of the connection and deletes it. */
  /** How many connections a project of the tenant has (for the gateway's project deletion). */
  public Uni<Long> countInProject(UUID tenantId, UUID projectId) {
    return Panache.withSession(() -> connections.countInProject(tenantId, projectId));
  }

  public Uni<Void> delete(Caller caller, String id) {
    if (!ConnectionIds.isWellFormed(id)) {
      return Uni.createFrom().failure(ServiceErrors.connectionNotFound());
    }
    return Panache.withTransaction(
        () ->
            connections
                .lockInProject(caller.tenantId(), caller.projectId(), id)
                .onItem()
                .ifNull()
                .failWith(ServiceErrors::connectionNotFound)
                .chain(this::load)
                .chain(
                    state -> {
                      Uni<Void> publish = Uni.createFrom().voidItem();
                      for (ConnectedRepositoryEntity repo : state.repositories()) {
                        publish =
                            publish.chain(
                                () -> events.disconnected(state.connection(), repo.fullName));
                      }
                      return publish
                          .chain(() -> adjustCount(caller, -state.repositories().size()))
                          .chain(
                              () ->
                                  connections.deleteInProject(
                                      caller.tenantId(), caller.projectId(), id))
                          .invoke(
                              () ->
                                  LOG.infof(
                                      "disconnected %d repositories of %s",
                                      state.repositories().size(), id));
                    })
                .replaceWithVoid());
  }

  // --- shared ------------------------------------------------------------------------------------

  /**
   * Changes the project's repository count by {@code delta} under its row lock; an increase must
   * fit the plan's quota (403 QUOTA_EXCEEDED otherwise).
   */
  private Uni<Void> adjustCount(Caller caller, int delta) {
    return counts
        .lock(caller.tenantId(), caller.projectId())
        .invoke(
            row -> {
              if (delta > 0 && !quotas.allows(caller.plan(), row.repoCount, delta)) {
                throw ServiceErrors.quotaExceeded(
                    Plans.normalize(caller.plan()),
                    quotas.limitFor(caller.plan()).orElse(Integer.MAX_VALUE),
                    row.repoCount);
              }
              row.repoCount = Math.max(0, row.repoCount + delta);
              row.updatedAt = now();
            })
        .replaceWithVoid();
  }

  /** Sets everything a request carries except repositories and mappings. */
  private void configure(RepoConnectionEntity connection, ConnectionRequest request, Instant now) {
    Platform platform = platformOf(request);
    connection.platform = platform.wireName();
    connection.credentialKind = platform.credentialKind().dbValue();
    connection.lookbackDays = request.effectiveLookbackDays();
    connection.updatedAt = now;
    Credentials credentials = request.credentials();
    if (credentials != null) {
      connection.baseUrl = request.effectiveBaseUrl();
      byte[] plaintext = CredentialsCodec.encode(credentials);
      try {
        connection.setSealedCredentials(
            cipher.seal(
                plaintext, CredentialCipher.contextFor(connection.tenantId, connection.id)));
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
      // New credentials have not been verified yet.
      connection.credentialsVerifiedAt = null;
    }
  }

  private static List<ConnectedRepositoryEntity> newRepositories(
      RepoConnectionEntity connection,
      List<String> names,
      Map<String, ConnectedRepositoryEntity> previous) {
    List<ConnectedRepositoryEntity> repos = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      ConnectedRepositoryEntity repo = new ConnectedRepositoryEntity();
      repo.connectionId = connection.id;
      repo.tenantId = connection.tenantId;
      repo.projectId = connection.projectId;
      repo.fullName = names.get(i);
      repo.position = i;
      // Metadata of a kept repository stays until the refresh after this change replaces it.
      ConnectedRepositoryEntity before = previous.get(RepositoryNames.identityKey(repo.fullName));
      if (before != null) {
        repo.defaultBranch = before.defaultBranch;
        repo.visibility = before.visibility;
        repo.credentialsValid = before.credentialsValid;
        repo.metadataFetchedAt = before.metadataFetchedAt;
        repo.metadataError = before.metadataError;
      }
      repos.add(repo);
    }
    return repos;
  }

  private static List<ServiceMappingEntity> newMappings(
      RepoConnectionEntity connection, ConnectionRequest request) {
    List<ServiceMapping> requested = request.serviceMappingsOrEmpty();
    List<ServiceMappingEntity> ms = new ArrayList<>();
    for (int i = 0; i < requested.size(); i++) {
      ServiceMapping m = requested.get(i);
      ServiceMappingEntity row = new ServiceMappingEntity();
      row.connectionId = connection.id;
      row.tenantId = connection.tenantId;
      row.projectId = connection.projectId;
      row.position = i;
      row.serviceName = m.serviceName();
      row.repo = m.repo();
      row.pathPrefix = m.pathPrefix();
      row.defaultBranch = m.defaultBranch();
      ms.add(row);
    }
    return ms;
  }

  // Mappings reference repositories by foreign key, so repositories are flushed first.
  private Uni<Void> persistChildren(
      List<ConnectedRepositoryEntity> repos, List<ServiceMappingEntity> ms) {
    return repositories
        .persist(repos)
        .chain(Panache::flush)
        .chain(() -> ms.isEmpty() ? Uni.createFrom().voidItem() : mappings.persist(ms))
        .chain(Panache::flush);
  }

  private Uni<Void> publishEach(
      EventType type, ConnectionState state, List<ConnectedRepositoryEntity> repos) {
    Uni<Void> publish = Uni.createFrom().voidItem();
    for (ConnectedRepositoryEntity repo : repos) {
      publish =
          publish.chain(() -> events.publish(type, state.connection(), repo, state.mappings()));
    }
    return publish;
  }

  private static Platform platformOf(ConnectionRequest request) {
    return Platform.fromWireName(request.platform())
        .orElseThrow(() -> new IllegalArgumentException("request was not validated"));
  }

  /** PostgreSQL keeps microseconds; truncating keeps responses equal to later reads. */
  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
