package dev.vigil.secrets.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.secrets.config.RepositoryScanConfig;
import dev.vigil.secrets.service.RepositoryScans;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Queues a secret scan of a repository's default branch when repo-config connects or updates it
 * ({@code vigil.repos.v1}, channel {@code repo-scans}). The event id is the scan's trigger, so a
 * redelivered event queues nothing new; the scan itself runs on {@link RepositoryScans}' worker.
 */
@ApplicationScoped
public class RepositoryScanConsumer {

  private static final Logger LOG = Logger.getLogger(RepositoryScanConsumer.class);

  private final RepositoryScans scans;
  private final RepositoryScanConfig config;

  public RepositoryScanConsumer(RepositoryScans scans, RepositoryScanConfig config) {
    this.scans = scans;
    this.config = config;
  }

  @Incoming("repo-scans")
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    if (!config.enabled()) {
      return;
    }
    CloudEvent<JsonNode> event;
    RepoEvent data;
    try {
      event = EventJson.readTree(record.value());
      EventType type = EventType.find(event.type()).orElse(null);
      if (type != EventType.REPO_CONNECTED && type != EventType.REPO_UPDATED) {
        return;
      }
      data = EventJson.dataAs(event, RepoEvent.class);
    } catch (IllegalArgumentException | NullPointerException e) {
      LOG.warnf(
          "skipping an unreadable record at %s-%d@%d",
          record.topic(), record.partition(), record.offset());
      return;
    }
    if (data.defaultBranch() == null || data.defaultBranch().isBlank()) {
      return; // an empty repository: nothing to scan yet
    }
    scans.queue(
        event.tenantUuid(),
        "event:" + event.id(),
        data.connectionId(),
        data.platform().name().toLowerCase(Locale.ROOT),
        data.fullName(),
        data.defaultBranch());
  }
}
