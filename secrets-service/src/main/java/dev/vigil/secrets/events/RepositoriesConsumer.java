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
    Instant time = event.time() != null ? event.time() : Instant.now();
    // A failure propagates: the record is not acknowledged and comes back.
    store.applyRepository(
        event.tenantUuid(), data.fullName(), type != EventType.REPO_DISCONNECTED, time);
  }
}
