package dev.vigil.secrets.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.sync.DetectionRuleEvent;
import dev.vigil.secrets.detect.Finding;
import dev.vigil.secrets.detect.SecretScanner;
import dev.vigil.secrets.service.IncidentRecorder;
import dev.vigil.secrets.service.RepositoryScans;
import dev.vigil.secrets.service.ValidityChecks;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Scans detection-rule files synced by sync-service ({@code detection-rule.upserted} on {@code
 * vigil.sync.v1}, channel {@code detection-rules}) for leaked secrets: each becomes an occurrence
 * with source {@code detection_rules}. A redelivered event finds the same places and adds nothing.
 */
@ApplicationScoped
public class DetectionRuleConsumer {

  private static final Logger LOG = Logger.getLogger(DetectionRuleConsumer.class);

  /** sync-service caps rule files at 256 KiB; anything longer is not a rule file. */
  static final int MAX_CONTENT = 256 * 1024;

  private final SecretScanner engine = SecretScanner.standard();
  private final IncidentRecorder recorder;
  private final ValidityChecks validity;

  public DetectionRuleConsumer(IncidentRecorder recorder, ValidityChecks validity) {
    this.recorder = recorder;
    this.validity = validity;
  }

  @Incoming("detection-rules")
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    CloudEvent<JsonNode> event;
    DetectionRuleEvent rule;
    try {
      event = EventJson.readTree(record.value());
      if (EventType.find(event.type()).orElse(null) != EventType.DETECTION_RULE_UPSERTED) {
        return;
      }
      rule = EventJson.dataAs(event, DetectionRuleEvent.class);
    } catch (IllegalArgumentException | NullPointerException e) {
      LOG.warnf(
          "skipping an unreadable record at %s-%d@%d",
          record.topic(), record.partition(), record.offset());
      return;
    }
    if (rule.content() == null || rule.content().length() > MAX_CONTENT) {
      return;
    }
    for (Finding finding : engine.scan(rule.content())) {
      if (finding.matches().isEmpty()) {
        continue;
      }
      IncidentRecorder.Sighting repository =
          RepositoryScans.sighting(finding, "", null, rule.path());
      IncidentRecorder.Recorded recorded =
          recorder.record(
              event.tenantUuid(),
              new IncidentRecorder.Sighting(
                  IncidentRecorder.Source.DETECTION_RULES,
                  repository.tokenType(),
                  repository.detectorName(),
                  repository.secret(),
                  Optional.empty(),
                  rule.path(),
                  Optional.of(rule.sha256()),
                  Optional.empty(),
                  Optional.empty(),
                  repository.line(),
                  repository.startOffset(),
                  repository.endOffset(),
                  java.util.Map.of("kind", "Realtime")));
      validity.checkNew(event.tenantUuid(), recorded, repository.tokenType(), repository.secret());
    }
  }
}
