package dev.vigil.kit.consumer;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

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
