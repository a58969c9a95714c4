package dev.vigil.gateway.security;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps {@code api_tokens.last_used_at} current without a write per request: uses are gathered in
 * memory (latest instant per token) and written every {@code
 * vigil.gateway.auth.last-used-flush-interval} in one statement. A timestamp never moves backwards,
 * whichever replica writes last.
 */
@Singleton
public class LastUsedRecorder {

  private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class);
  private static final String UPDATE =
      "UPDATE api_tokens AS t SET last_used_at = v.used"
          + " FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, used)"
          + " WHERE t.id = v.id AND (t.last_used_at IS NULL OR t.last_used_at < v.used)";

  private final ConcurrentHashMap<UUID, Instant> pending = new ConcurrentHashMap<>();
  private final Pool pool;

  public LastUsedRecorder(Pool pool) {
    this.pool = pool;
  }

  public void record(UUID tokenId, Instant at) {
    pending.merge(tokenId, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  @Scheduled(
      every = "${vigil.gateway.auth.last-used-flush-interval:PT5S}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduledFlush() {
    return flush()
        .onFailure()
        .recoverWithUni(
            e -> {
              LOG.warnf("could not record token use: %s", e.getMessage());
              return Uni.createFrom().voidItem();
            });
  }

  /** Writes what has been gathered; uses recorded meanwhile wait for the next flush. */
  public Uni<Void> flush() {
    if (pending.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<UUID> ids = new ArrayList<>();
    List<OffsetDateTime> times = new ArrayList<>();
    for (UUID id : List.copyOf(pending.keySet())) {
      Instant at = pending.remove(id);
      if (at != null) {
        ids.add(id);
        times.add(at.atOffset(ZoneOffset.UTC));
      }
    }
    if (ids.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return pool.preparedQuery(UPDATE)
        .execute(Tuple.of(ids.toArray(UUID[]::new), times.toArray(OffsetDateTime[]::new)))
        .onFailure()
        .invoke(
            e -> {
              // Put them back so the next flush retries them.
              for (int i = 0; i < ids.size(); i++) {
                record(ids.get(i), times.get(i).toInstant());
              }
            })
        .replaceWithVoid();
  }

  void onStop(@Observes ShutdownEvent event) {
    try {
      flush().await().atMost(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.warnf("could not record token use at shutdown: %s", e.getMessage());
    }
  }
}
