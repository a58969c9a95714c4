package dev.vigil.repoconfig.events;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventKeys;
import dev.vigil.contracts.events.EventSources;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.kit.outbox.Outbox;
import dev.vigil.repoconfig.persistence.ConnectedRepositoryEntity;
import dev.vigil.repoconfig.persistence.RepoConnectionEntity;
import dev.vigil.repoconfig.persistence.ServiceMappingEntity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code repo.*} events to the outbox, one per repository, inside the caller's transaction.
 * The payload is built from the stored rows only: credentials are not among them, and the event
 * schema has no field that could carry them.
 */
@ApplicationScoped
public class RepoEventPublisher {

  private final Outbox outbox;

  public RepoEventPublisher(Outbox outbox) {
    this.outbox = outbox;
  }

  /** {@code repo.connected} or {@code repo.updated} with the repository's current state. */
  public Uni<Void> publish(
      EventType type,
      RepoConnectionEntity connection,
      ConnectedRepositoryEntity repository,
      List<ServiceMappingEntity> mappings) {
    List<ServiceMappingEntity> own = mappingsOf(repository.fullName, mappings);
    RepoEvent data =
        new RepoEvent(
            connection.id,
            connection.projectId,
            platform(connection.platform),
            repository.fullName,
            connection.baseUrl,
            effectiveDefaultBranch(repository, mappings),
            visibility(repository.visibility),
            connection.lookbackDays,
            own.stream()
                .map(
                    m -> new RepoEvent.ServiceMapping(m.serviceName, m.pathPrefix, m.defaultBranch))
                .toList());
    return append(type, connection, data);
  }

  /** {@code repo.disconnected}: identity only. */
  public Uni<Void> disconnected(RepoConnectionEntity connection, String fullName) {
    return disconnected(connection, connection.platform, connection.baseUrl, fullName);
  }

  /**
   * {@code repo.disconnected} for a repository that lived on {@code platform} / {@code baseUrl},
   * which a replace may just have changed on the connection.
   */
  public Uni<Void> disconnected(
      RepoConnectionEntity connection, String platform, String baseUrl, String fullName) {
    return append(
        EventType.REPO_DISCONNECTED,
        connection,
        RepoEvent.disconnected(
            connection.id, connection.projectId, platform(platform), fullName, baseUrl));
  }

  private Uni<Void> append(EventType type, RepoConnectionEntity connection, RepoEvent data) {
    CloudEvent<RepoEvent> event =
        CloudEvent.of(type, EventSources.REPO_CONFIG, connection.id, connection.tenantId, data);
    return outbox.append(event, EventKeys.keyOf(event));
  }

  /**
   * The default branch consumers should use: the platform's, once fetched; before that (or when the
   * platform could not tell), the first service mapping's {@code defaultBranch} for the repository;
   * null when neither is known.
   */
  public static String effectiveDefaultBranch(
      ConnectedRepositoryEntity repository, List<ServiceMappingEntity> mappings) {
    if (repository.defaultBranch != null) {
      return repository.defaultBranch;
    }
    List<ServiceMappingEntity> own = mappingsOf(repository.fullName, mappings);
    return own.isEmpty() ? null : own.get(0).defaultBranch;
  }

  private static List<ServiceMappingEntity> mappingsOf(
      String fullName, List<ServiceMappingEntity> mappings) {
    return mappings.stream()
        .filter(m -> m.repo.equals(fullName))
        .sorted(Comparator.comparingInt(m -> m.position))
        .toList();
  }

  private static RepoEvent.Platform platform(String wireName) {
    return RepoEvent.Platform.valueOf(wireName.toUpperCase(Locale.ROOT));
  }

  private static RepoEvent.Visibility visibility(String value) {
    return value == null ? null : RepoEvent.Visibility.valueOf(value.toUpperCase(Locale.ROOT));
  }
}
