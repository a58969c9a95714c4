package dev.vigil.scanning.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.alerts.CodeScanningAlertEvent;
import dev.vigil.kit.outbox.OutboxExpander;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A batch row of alert changes becomes exactly the events {@link AlertEvents} builds one by one,
 * with ids that are the same every time the row is expanded (a republished row is absorbed by id).
 */
class AlertEventBatchesTest {

  private static final UUID TENANT = UUID.fromString("6d1c4e8a-0000-4000-8000-000000000001");
  private final AlertEventBatches batches = new AlertEventBatches();

  private static String payload() throws Exception {
    return EventJson.newMapper()
        .writeValueAsString(
            new AlertEventBatches.Batch(
                "code-scanning-alert.created",
                TENANT,
                "acme/api",
                "open",
                "refs/heads/main",
                "a".repeat(40),
                Instant.parse("2026-12-07T10:00:00.123456Z"),
                List.of(
                    new AlertEventBatches.Item(7, "js/xss", "CodeQL", "error", "high", "web"),
                    new AlertEventBatches.Item(8, "", "CodeQL", "note", null, null))));
  }

  @Test
  void eachAlertBecomesTheEventAlertEventsBuildsKeyedByItsAlert() throws Exception {
    UUID row = UUID.randomUUID();
    List<OutboxExpander.Record> records = batches.expand(row, payload());

    assertThat(records).hasSize(2);
    assertThat(records.get(0).key()).isEqualTo(AlertEvents.key(TENANT, "acme/api", 7));
    CloudEvent<JsonNode> first = EventJson.readTree(records.get(0).value());
    CloudEvent<?> expected =
        AlertEvents.event(
            EventType.CODE_SCANNING_ALERT_CREATED,
            TENANT,
            new AlertEvents.Alert(
                "acme/api",
                7,
                "js/xss",
                "CodeQL",
                "error",
                "high",
                "open",
                "refs/heads/main",
                "a".repeat(40),
                null,
                null,
                "web"));
    assertThat(EventJson.dataAs(first, CodeScanningAlertEvent.class)).isEqualTo(expected.data());
    assertThat(first.type()).isEqualTo("code-scanning-alert.created");
    assertThat(first.source()).isEqualTo(expected.source());
    assertThat(first.subject()).isEqualTo("acme/api/code-scanning/alerts/7");
    assertThat(first.tenantid()).isEqualTo(TENANT.toString());
    assertThat(first.time()).isEqualTo(Instant.parse("2026-12-07T10:00:00.123456Z"));

    CloudEvent<JsonNode> second = EventJson.readTree(records.get(1).value());
    CodeScanningAlertEvent data = EventJson.dataAs(second, CodeScanningAlertEvent.class);
    assertThat(data.ruleId()).as("a result without a rule").isEqualTo(AlertEvents.NO_RULE);
    assertThat(data.alertNumber()).isEqualTo(8);
    assertThat(data.securitySeverityLevel()).isNull();
  }

  @Test
  void expandingARowAgainGivesTheSameEventIdsAndBytes() throws Exception {
    UUID row = UUID.randomUUID();
    String payload = payload();
    List<OutboxExpander.Record> once = batches.expand(row, payload);
    List<OutboxExpander.Record> again = batches.expand(row, payload);

    assertThat(again).hasSameSizeAs(once);
    for (int i = 0; i < once.size(); i++) {
      assertThat(again.get(i).value()).isEqualTo(once.get(i).value());
    }
    String firstId = EventJson.readTree(once.get(0).value()).id();
    String secondId = EventJson.readTree(once.get(1).value()).id();
    assertThat(firstId).isNotEqualTo(secondId);
    String otherRowsId =
        EventJson.readTree(batches.expand(UUID.randomUUID(), payload).get(0).value()).id();
    assertThat(otherRowsId).as("another row's events").isNotEqualTo(firstId);
  }

  @Test
  void anUnreadableRowIsRefusedForTheDeadLetterTable() {
    assertThatThrownBy(() -> batches.expand(UUID.randomUUID(), "{not json"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                batches.expand(
                    UUID.randomUUID(),
                    "{\"type\":\"no-such-type\",\"tenantId\":\"" + TENANT + "\",\"alerts\":[]}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
