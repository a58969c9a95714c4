package dev.vigil.kit.outbox;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes events to the {@code outbox_event} table inside the caller's reactive transaction, so an
 * event exists if and only if the state change it describes was committed. {@link OutboxRelay}
 * publishes them.
 */
@ApplicationScoped
public class Outbox {

  /**
   * Appends one event. Must run inside {@code @WithTransaction} / {@code Panache.withTransaction}.
   *
   * @param key the Kafka message key (see {@code Topics} for each topic's key)
   */
  public Uni<Void> append(CloudEvent<?> event, String key) {
    EventType type = EventType.fromType(event.type());
    String payload = new String(EventJson.write(event), StandardCharsets.UTF_8);
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
              return row.persist();
            })
        .replaceWithVoid();
  }
}
