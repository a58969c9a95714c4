package dev.vigil.scanning.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventSources;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.alerts.CodeScanningAlertEvent;
import dev.vigil.kit.outbox.JdbcOutbox;
import dev.vigil.kit.outbox.OutboxExpander;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code code-scanning-alert.*} events of one upload's alert changes, written as one outbox row
 * per batch (what the events share once, then number, rule, tool, severities and service per alert)
 * and expanded by the relay into one record per alert, exactly the events {@link AlertEvents}
 * builds. An upload of 25,000 results writes five such rows instead of 25,000 rows and 75,000 index
 * entries in its transaction.
 */
@ApplicationScoped
public class AlertEventBatches implements OutboxExpander {

  static final String BATCH_TYPE = "code-scanning-alert" + BATCH_SUFFIX;

  private static final ObjectMapper JSON = EventJson.newMapper();

  /** One alert of a batch, as an array: its share of the row stays small. */
  @JsonFormat(shape = JsonFormat.Shape.ARRAY)
  public record Item(
      long number,
      String ruleId,
      String toolName,
      String severity,
      String securitySeverityLevel,
      String service) {}

  /** A batch row's payload. */
  public record Batch(
      String type,
      UUID tenantId,
      String repository,
      String state,
      String ref,
      String commitSha,
      Instant time,
      List<Item> alerts) {}

  /**
   * Appends the events of these alert changes (nothing when there are none) as one batch row.
   *
   * @param state the alerts' state after the change
   */
  public static void append(
      Connection connection,
      EventType type,
      UUID tenantId,
      String repository,
      String state,
      String ref,
      String commitSha,
      List<Item> alerts)
      throws SQLException {
    if (alerts.isEmpty()) {
      return;
    }
    Batch batch =
        new Batch(
            type.type(),
            tenantId,
            repository,
            state,
            ref,
            commitSha,
            Instant.now().truncatedTo(ChronoUnit.MICROS),
            alerts);
    String payload;
    try {
      payload = JSON.writeValueAsString(batch);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an alert event batch", e);
    }
    JdbcOutbox.appendBatch(
        connection, type.topic(), BATCH_TYPE, tenantId + "/code-scanning/" + repository, payload);
  }

  @Override
  public String batchType() {
    return BATCH_TYPE;
  }

  @Override
  public List<Record> expand(UUID rowId, String payload) {
    Batch batch;
    EventType type;
    try {
      batch = JSON.readValue(payload, Batch.class);
      type = EventType.fromType(batch.type());
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("unreadable alert event batch", e);
    }
    if (type.dataClass() != CodeScanningAlertEvent.class) {
      throw new IllegalArgumentException("not an alert event type: " + batch.type());
    }
    List<Record> records = new ArrayList<>(batch.alerts().size());
    for (int i = 0; i < batch.alerts().size(); i++) {
      Item item = batch.alerts().get(i);
      AlertEvents.Alert alert =
          new AlertEvents.Alert(
              batch.repository(),
              item.number(),
              item.ruleId(),
              item.toolName(),
              item.severity(),
              item.securitySeverityLevel(),
              batch.state(),
              batch.ref(),
              batch.commitSha(),
              null,
              null,
              item.service());
      // As AlertEvents.event builds it, with the id derived from the row and the batch's time
      // (no random id and clock read per event: the same record every time the row is expanded).
      CloudEvent<CodeScanningAlertEvent> stable =
          new CloudEvent<>(
              CloudEvent.SPEC_VERSION,
              OutboxExpander.eventId(rowId, i).toString(),
              EventSources.SCANNING,
              type.type(),
              batch.time(),
              AlertEvents.subject(alert),
              batch.tenantId().toString(),
              CloudEvent.JSON,
              AlertEvents.data(alert));
      records.add(
          new Record(
              AlertEvents.key(batch.tenantId(), batch.repository(), item.number()),
              EventJson.write(stable)));
    }
    return records;
  }
}
