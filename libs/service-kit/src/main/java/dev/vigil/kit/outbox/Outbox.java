package dev.vigil.kit.outbox;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventType;
import dev.vigil.kit.web.RequestIds;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes events to the {@code outbox_event} table inside the caller's reactive transaction, so an
 * event exists if and only if the state change it describes was committed. {@link OutboxRelay}
 * publishes them, with the id of the request that appended them ({@link RequestIds#current()}) as
 * the record's {@code X-Request-Id} header.
 */
@ApplicationScoped
public class Outbox {

  /**
   * Largest event (CloudEvent JSON plus key, in bytes) the outbox accepts: below Kafka's default 1
   * MiB request limit, with room for the record's headers and framing.
   */
  public static final int MAX_EVENT_BYTES = 1_000_000;

  /**
   * Appends one event. Must run inside {@code @WithTransaction} / {@code Panache.withTransaction}.
   *
   * @param key the Kafka message key (see {@code Topics} for each topic's key)
   * @throws OversizedEventException (as the Uni's failure) when the event is larger than {@link
   *     #MAX_EVENT_BYTES}, so the transaction fails instead of committing an event Kafka refuses
   */
  public Uni<Void> append(CloudEvent<?> event, String key) {
    EventType type = EventType.fromType(event.type());
    byte[] json = EventJson.write(event);
    try {
      OversizedEventException.check(
          type.type(), event.id(), json.length + key.getBytes(StandardCharsets.UTF_8).length);
    } catch (OversizedEventException e) {
      return Uni.createFrom().failure(e);
    }
    String payload = new String(json, StandardCharsets.UTF_8);
    // Read now, on the caller's context: the request's MDC is not guaranteed further down the
    // chain.
    String requestId = RequestIds.current();
    return Panache.currentTransaction()
        .onItem()
        .ifNull()
        .failWith(() -> new IllegalStateException("Outbox.append must run inside a transaction"))
        .chain(
            transaction -> {
              OutboxEvent row = new OutboxEvent();
              row.id = UUID.fromString(event.id());
              row.topic = type.topic();
              row.messageKey = key;
              row.eventType = type.type();
              row.payload = payload;
              row.requestId = requestId;
              return row.persist();
            })
        .replaceWithVoid();
  }
}
