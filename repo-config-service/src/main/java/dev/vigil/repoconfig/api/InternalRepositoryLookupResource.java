package dev.vigil.repoconfig.api;

import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.auth.VigilPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.repoconfig.events.RepoEventPublisher;
import dev.vigil.repoconfig.persistence.ConnectedRepositoryEntity;
import dev.vigil.repoconfig.persistence.ConnectedRepositoryRepository;
import dev.vigil.repoconfig.persistence.ConnectionRepository;
import dev.vigil.repoconfig.persistence.RepoConnectionEntity;
import dev.vigil.repoconfig.persistence.ServiceMappingEntity;
import dev.vigil.repoconfig.persistence.ServiceMappingRepository;
import dev.vigil.repoconfig.service.ServiceErrors;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Internal, for the services that keep a repository read model from {@code vigil.repos.v1}: the
 * caller's tenant's connected repositories of one name, each as the payload its last {@code
 * repo.connected}/{@code repo.updated} event carried. A consumer asks this on a read-model miss, so
 * a repository connected a moment ago (its event not yet consumed) is already known. Not under
 * {@code /v1}, so never routed by the gateway; gateway-signed service identities whose {@code
 * service} claim is in {@code vigil.repo-config.internal.repository-readers} only.
 */
@Path("/internal/v1/repositories")
@ErrorFamily(ApiFamily.SIGSENTRY)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
public class InternalRepositoryLookupResource {

  private static final int MAX_NAME_LENGTH = 512;

  private final CurrentPrincipal principal;
  private final ConnectionRepository connections;
  private final ConnectedRepositoryRepository repositories;
  private final ServiceMappingRepository mappings;
  private final Set<String> readers;

  public InternalRepositoryLookupResource(
      CurrentPrincipal principal,
      ConnectionRepository connections,
      ConnectedRepositoryRepository repositories,
      ServiceMappingRepository mappings,
      @ConfigProperty(
              name = "vigil.repo-config.internal.repository-readers",
              defaultValue = "scanning-service,secrets-service,sync-service")
          Set<String> readers) {
    this.principal = principal;
    this.connections = connections;
    this.repositories = repositories;
    this.mappings = mappings;
    this.readers = readers;
  }

  /**
   * @param fullName the repository path, matched without regard to case
   */
  @GET
  @WithSession
  @Operation(summary = "Connected repositories of one name (service identities only)")
  public Uni<ApiResponse<Map<String, List<RepoEvent>>>> lookup(
      @QueryParam("full_name") String fullName) {
    VigilPrincipal caller = principal.get();
    caller
        .service()
        .filter(readers::contains)
        .orElseThrow(
            () -> ApiException.forbidden("Only allowed Vigil services may look up repositories"));
    if (fullName == null
        || fullName.isBlank()
        || fullName.length() > MAX_NAME_LENGTH
        || fullName.chars().anyMatch(Character::isISOControl)) {
      throw ServiceErrors.validation("full_name", "must be a repository path");
    }
    String lower = fullName.toLowerCase(Locale.ROOT);
    return repositories
        .list("tenantId = ?1 and lower(fullName) = ?2", caller.tenantId(), lower)
        .chain(found -> describe(caller, found))
        .map(found -> ApiResponse.of(Map.of("repositories", found)));
  }

  private Uni<List<RepoEvent>> describe(
      VigilPrincipal caller, List<ConnectedRepositoryEntity> found) {
    if (found.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    Set<String> ids =
        found.stream().map(r -> r.connectionId).collect(Collectors.toUnmodifiableSet());
    return connections
        .list("tenantId = ?1 and id in ?2", caller.tenantId(), List.copyOf(ids))
        .chain(
            owners ->
                mappings
                    .listFor(ids)
                    .map(
                        ms -> {
                          Map<String, RepoConnectionEntity> byId =
                              owners.stream()
                                  .collect(Collectors.toMap(c -> c.id, Function.identity()));
                          return found.stream()
                              .filter(r -> byId.containsKey(r.connectionId))
                              .map(r -> event(byId.get(r.connectionId), r, ms))
                              .toList();
                        }));
  }

  private static RepoEvent event(
      RepoConnectionEntity connection,
      ConnectedRepositoryEntity repository,
      List<ServiceMappingEntity> all) {
    List<ServiceMappingEntity> own =
        all.stream()
            .filter(m -> m.connectionId.equals(connection.id) && m.repo.equals(repository.fullName))
            .sorted(Comparator.comparingInt(m -> m.position))
            .toList();
    return new RepoEvent(
        connection.id,
        connection.projectId,
        RepoEvent.Platform.valueOf(connection.platform.toUpperCase(Locale.ROOT)),
        repository.fullName,
        connection.baseUrl,
        RepoEventPublisher.effectiveDefaultBranch(repository, own),
        repository.visibility == null
            ? null
            : RepoEvent.Visibility.valueOf(repository.visibility.toUpperCase(Locale.ROOT)),
        connection.lookbackDays,
        own.stream()
            .map(m -> new RepoEvent.ServiceMapping(m.serviceName, m.pathPrefix, m.defaultBranch))
            .toList());
  }
}
