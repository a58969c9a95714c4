package dev.vigil.kit.testapp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.kit.consumer.IdempotentConsumer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A consumer the way services write them: every delivery goes through {@link IdempotentConsumer},
 * whose handler adds a row to {@code kit_received}.
 */
@ApplicationScoped
public class RecordingConsumer {

  private final IdempotentConsumer idempotent;
  private final AtomicInteger deliveries = new AtomicInteger();

  public RecordingConsumer(IdempotentConsumer idempotent) {
    this.idempotent = idempotent;
  }

  @Incoming("kit-events")
  public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
    deliveries.incrementAndGet();
    CloudEvent<JsonNode> event = EventJson.readTree(record.value());
    return idempotent
        .handleOnce(
            "kit-test-consumer",
            event.id(),
            () ->
                Panache.getSession()
                    .chain(
                        session ->
                            session
                                .createNativeQuery(
                                    "INSERT INTO kit_received (event_id) VALUES (?1)")
                                .setParameter(1, event.id())
                                .executeUpdate()))
        .replaceWithVoid();
  }

  /** Kafka deliveries seen, duplicates included. */
  public int deliveries() {
    return deliveries.get();
  }
}
