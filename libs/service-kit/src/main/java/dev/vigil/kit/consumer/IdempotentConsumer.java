package dev.vigil.kit.consumer;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs an event's handler at most once per consumer group: the event id is recorded in {@code
 * processed_event} in the same transaction as the handler's own writes, so a redelivered event is
 * skipped and a failed handler leaves no mark.
 */
@ApplicationScoped
public class IdempotentConsumer {

  private static final String MARK =
      "INSERT INTO processed_event (consumer_group, event_id) VALUES (?1, ?2)"
          + " ON CONFLICT DO NOTHING";

  /**
   * As {@link #handleOnce(String, String, Supplier)}, with the record's request id ({@link
   * RecordRequestIds}) in the logging MDC while the handler runs: each record is handled on a
   * context of its own, so the id stays with this record's work and no other.
   */
  public Uni<Boolean> handleOnce(
      String consumerGroup, ConsumerRecord<?, ?> record, String eventId, Supplier<Uni<?>> handler) {
    String requestId = RecordRequestIds.of(record);
    return Uni.createFrom()
        .deferred(
            () -> {
              RecordRequestIds.set(requestId);
              return handleOnce(consumerGroup, eventId, handler);
            });
  }

  /**
   * @return true when the handler ran, false when the event had already been processed
   */
  public Uni<Boolean> handleOnce(String consumerGroup, String eventId, Supplier<Uni<?>> handler) {
    return Panache.withTransaction(
        () ->
            Panache.getSession()
                .chain(
                    session ->
                        session
                            .createNativeQuery(MARK)
                            .setParameter(1, consumerGroup)
                            .setParameter(2, eventId)
                            .executeUpdate())
                .chain(
                    inserted ->
                        inserted == 0
                            ? Uni.createFrom().item(false)
                            : handler.get().replaceWith(true)));
  }
}
