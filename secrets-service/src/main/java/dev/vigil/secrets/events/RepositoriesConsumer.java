package dev.vigil.secrets.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.secrets.persistence.PushProtectionStore;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the organizations of each tenant from {@code vigil.repos.v1}: the owners of its connected
 * repositories are the organizations whose pattern configurations it may read and set. Applying an
 * event twice, or an older one after a newer, changes nothing.
 */
@ApplicationScoped
public class RepositoriesConsumer {

  private static final Logger LOG = Logger.getLogger(RepositoriesConsumer.class);

  /** As the table allows (V20). */
  private static final int MAX_FULL_NAME = 512;

  /** About a minute of database outage, with backoff. */
  private static final int MAX_ATTEMPTS = 10;

  private final PushProtectionStore store;

  public RepositoriesConsumer(PushProtectionStore store) {
    this.store = store;
  }

  @Incoming("push-repos")
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) throws SQLException {
    CloudEvent<JsonNode> event;
    RepoEvent data;
    EventType type;
    try {
      event = EventJson.readTree(record.value());
      type = EventType.find(event.type()).orElse(null);
      if (type != EventType.REPO_CONNECTED
          && type != EventType.REPO_UPDATED
          && type != EventType.REPO_DISCONNECTED) {
        return;
      }
      data = EventJson.dataAs(event, RepoEvent.class);
    } catch (IllegalArgumentException | NullPointerException e) {
      LOG.warnf(
          "skipping an unreadable record at %s-%d@%d",
          record.topic(), record.partition(), record.offset());
      return;
    }
    if (data.fullName() == null || data.fullName().length() > MAX_FULL_NAME) {
      LOG.warnf(
          "skipping a repository name no platform allows at %s-%d@%d",
          record.topic(), record.partition(), record.offset());
      return;
    }
    Instant time = event.time() != null ? event.time() : Instant.now();
    // A database outage is waited out here: a failure that left this method would end the
    // channel's consumption (and readiness) for good.
    for (int attempt = 1; ; attempt++) {
      try {
        store.applyRepository(
            event.tenantUuid(), data.fullName(), type != EventType.REPO_DISCONNECTED, time);
        return;
      } catch (SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("22") || state.startsWith("23")) {
          LOG.warnf(
              "skipping a record the database refuses (%s) at %s-%d@%d",
              state, record.topic(), record.partition(), record.offset());
          return;
        }
        if (attempt == MAX_ATTEMPTS) {
          throw e;
        }
        LOG.warnf("repository event not applied (%s); retrying", e.getMessage());
        try {
          Thread.sleep(Math.min(10_000L, 500L << attempt));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
