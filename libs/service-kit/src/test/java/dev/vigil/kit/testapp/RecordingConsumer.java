package dev.vigil.kit.testapp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.kit.consumer.IdempotentConsumer;
import dev.vigil.kit.web.RequestIds;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/**
 * A consumer the way services write them: every delivery goes through {@link IdempotentConsumer},
 * whose handler adds a row to {@code kit_received} and notes the request id its log lines carry.
 */
@ApplicationScoped
public class RecordingConsumer {

  private final IdempotentConsumer idempotent;
  private final AtomicInteger deliveries = new AtomicInteger();
  private final Map<String, String> requestIds = new ConcurrentHashMap<>();

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
            record,
            event.id(),
            () -> {
              if (MDC.get(RequestIds.MDC_KEY) instanceof String id) {
                requestIds.put(event.id(), id);
              }
              return Panache.getSession()
                  .chain(
                      session ->
                          session
                              .createNativeQuery("INSERT INTO kit_received (event_id) VALUES (?1)")
                              .setParameter(1, event.id())
                              .executeUpdate());
            })
        .replaceWithVoid();
  }

  /** The {@code requestId} in the logging MDC while the event's handler ran, if any. */
  public String requestIdSeenBy(String eventId) {
    return requestIds.get(eventId);
  }

  /** Kafka deliveries seen, duplicates included. */
  public int deliveries() {
    return deliveries.get();
  }
}
