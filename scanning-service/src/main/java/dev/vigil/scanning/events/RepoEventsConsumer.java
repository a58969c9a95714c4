package dev.vigil.scanning.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.kit.consumer.IdempotentConsumer;
import dev.vigil.kit.repos.RepositoryLookup;
import dev.vigil.scanning.persistence.RepoConnectionRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the repository read model in step with repo-config ({@code vigil.repos.v1}): connected and
 * updated upsert the connection, disconnected removes it from lookups (the row stays as a
 * tombstone). Each event is applied once (by id); an event older than what is stored never
 * overwrites it, so a late one cannot resurrect a disconnected repository.
 */
@ApplicationScoped
public class RepoEventsConsumer {

  static final String GROUP = "scanning-service-repos";

  private static final Logger LOG = Logger.getLogger(RepoEventsConsumer.class);

  private final IdempotentConsumer idempotent;
  private final RepoConnectionRepository connections;
  private final RepositoryLookup lookup;

  public RepoEventsConsumer(
      IdempotentConsumer idempotent,
      RepoConnectionRepository connections,
      RepositoryLookup lookup) {
    this.idempotent = idempotent;
    this.connections = connections;
    this.lookup = lookup;
  }

  @Incoming("repos")
  public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
    Optional<Change> change = read(record);
    if (change.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Change c = change.get();
    return idempotent
        .handleOnce(GROUP, record, c.eventId(), () -> apply(c))
        .replaceWithVoid()
        // The database may be briefly unavailable; the read model must not skip an event.
        .onFailure()
        .invoke(e -> LOG.warnf("repo event %s not applied yet (%s)", c.eventId(), e.toString()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
        .indefinitely();
  }

  private Uni<?> apply(Change c) {
    RepoEvent data = c.data();
    boolean connected = c.type() != EventType.REPO_DISCONNECTED;
    lookup.forget(c.tenantId(), data.fullName());
    return connections.apply(
        connected,
        data.connectionId(),
        c.tenantId(),
        data.projectId(),
        data.platform().name().toLowerCase(Locale.ROOT),
        data.fullName(),
        data.defaultBranch(),
        RepoConnectionRepository.mappingsJson(data.serviceMappings()),
        c.time());
  }

  private record Change(
      String eventId, EventType type, UUID tenantId, Instant time, RepoEvent data) {}

  /** The change an event carries; empty for other event types and unreadable records. */
  private static Optional<Change> read(ConsumerRecord<String, byte[]> record) {
    try {
      CloudEvent<JsonNode> event = EventJson.readTree(record.value());
      Optional<EventType> type = EventType.find(event.type());
      if (type.isEmpty()
          || (type.get() != EventType.REPO_CONNECTED
              && type.get() != EventType.REPO_UPDATED
              && type.get() != EventType.REPO_DISCONNECTED)) {
        return Optional.empty();
      }
      RepoEvent data = EventJson.dataAs(event, RepoEvent.class);
      Instant time = event.time() != null ? event.time() : Instant.now();
      return Optional.of(new Change(event.id(), type.get(), event.tenantUuid(), time, data));
    } catch (IllegalArgumentException | NullPointerException e) {
      LOG.warnf(
          "skipping an unreadable record at %s-%d@%d",
          record.topic(), record.partition(), record.offset());
      return Optional.empty();
    }
  }
}
