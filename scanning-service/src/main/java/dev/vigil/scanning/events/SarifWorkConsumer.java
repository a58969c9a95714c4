package dev.vigil.scanning.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.scanning.SarifReceived;
import dev.vigil.kit.consumer.RecordRequestIds;
import dev.vigil.scanning.service.UploadProcessor;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The SARIF work queue: each {@code sarif.received} on {@code vigil.scanning.sarif.v1} names a
 * stored upload to process. Replicas share the consumer group; the record key (repository) keeps
 * one repository's uploads on one partition, in order.
 *
 * <p>Processing is blocking and runs on a worker thread; the offset is committed only after it
 * returns, so a crash redelivers the event. Nothing is thrown back at the connector: a transient
 * failure leaves the upload pending for the sweep, so one bad upload never stops the queue.
 */
@ApplicationScoped
public class SarifWorkConsumer {

  private static final Logger LOG = Logger.getLogger(SarifWorkConsumer.class);

  private final UploadProcessor processor;

  public SarifWorkConsumer(UploadProcessor processor) {
    this.processor = processor;
  }

  @Incoming("sarif-work")
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    CloudEvent<JsonNode> event;
    SarifReceived received;
    try {
      event = EventJson.readTree(record.value());
      if (!EventType.SARIF_RECEIVED.type().equals(event.type())) {
        return;
      }
      received = EventJson.dataAs(event, SarifReceived.class);
    } catch (IllegalArgumentException | NullPointerException e) {
      LOG.warnf(
          "skipping an unreadable record at %s-%d@%d",
          record.topic(), record.partition(), record.offset());
      return;
    }
    // The upload's request id: the processing log lines and the alert events carry it too.
    try (RecordRequestIds.Scope scope = RecordRequestIds.restore(record)) {
      if (LOG.isDebugEnabled() && event.time() != null) {
        LOG.debugf(
            "upload %s: work item received %d ms after the upload",
            received.uploadId(), Duration.between(event.time(), Instant.now()).toMillis());
      }
      UploadProcessor.Outcome outcome = processor.process(received.uploadId(), true);
      LOG.debugf("upload %s: %s", received.uploadId(), outcome);
    }
  }
}
