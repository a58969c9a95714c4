package dev.vigil.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.contracts.events.scanning.SarifReceived;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventJsonTest {

  @ParameterizedTest
  @EnumSource(EventType.class)
  void roundTripGivesTheSameRecord(EventType type) {
    CloudEvent<?> event = EventSamples.sample(type);

    CloudEvent<JsonNode> read = EventJson.readTree(EventJson.write(event));

    assertThat(read.eventType()).isEqualTo(type);
    assertThat(EventJson.dataAs(read, type.dataClass())).isEqualTo(event.data());
    assertThat(read.withData(event.data())).isEqualTo(event);
    assertThat(EventJson.read(EventJson.write(event))).isEqualTo(event);
  }

  @Test
  void envelopeUsesCloudEventsAttributeNames() throws Exception {
    CloudEvent<?> event = EventSamples.sample(EventType.REPO_CONNECTED);

    JsonNode json = EventJson.mapper().readTree(EventJson.write(event));

    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "specversion",
            "id",
            "source",
            "type",
            "time",
            "subject",
            "tenantid",
            "datacontenttype",
            "data");
    assertThat(json.get("specversion").asText()).isEqualTo("1.0");
    assertThat(json.get("datacontenttype").asText()).isEqualTo("application/json");
    assertThat(json.get("source").asText()).isEqualTo("/vigil/repo-config-service");
    assertThat(json.get("tenantid").asText()).isEqualTo(EventSamples.TENANT.toString());
    assertThat(UUID.fromString(json.get("id").asText())).isNotNull();
    // RFC 3339 text, not a number.
    assertThat(json.get("time").isTextual()).isTrue();
    assertThat(OffsetDateTime.parse(json.get("time").asText()).toInstant()).isEqualTo(event.time());
    assertThat(json.at("/data/platform").asText()).isEqualTo("github");
    assertThat(json.at("/data/visibility").asText()).isEqualTo("private");
  }

  @Test
  void nullsAreOmitted() throws Exception {
    CloudEvent<?> event = EventSamples.sample(EventType.REPO_DISCONNECTED);

    JsonNode data = EventJson.mapper().readTree(EventJson.write(event)).get("data");

    assertThat(data.has("defaultBranch")).isFalse();
    assertThat(data.has("serviceMappings")).isFalse();
    assertThat(data.has("baseUrl")).isFalse();
  }

  @Test
  void unknownFieldsFromNewerProducersAreIgnored() throws Exception {
    ObjectNode json =
        (ObjectNode)
            EventJson.mapper()
                .readTree(EventJson.write(EventSamples.sample(EventType.SARIF_RECEIVED)));
    json.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    ((ObjectNode) json.get("data")).put("addedLater", true);

    CloudEvent<JsonNode> read = EventJson.readTree(EventJson.mapper().writeValueAsBytes(json));

    assertThat(EventJson.dataAs(read, SarifReceived.class).repository())
        .isEqualTo("acme/checkout-api");
  }

  @Test
  void timeWithOffsetIsRead() {
    String json =
        """
        {"specversion":"1.0","id":"1b4e28ba-2fa1-11d2-883f-0016d3cca427","source":"/vigil/x",
         "type":"repo.updated","time":"2026-03-01T10:15:30.5+02:00",
         "tenantid":"6f1c2d9e-6a3b-4b8e-9a51-0c3f7e2d4a10","data":{}}
        """;

    CloudEvent<JsonNode> read = EventJson.readTree(json.getBytes(StandardCharsets.UTF_8));

    assertThat(read.time()).isEqualTo(OffsetDateTime.parse("2026-03-01T08:15:30.5Z").toInstant());
  }

  @Test
  void garbageIsRejectedWithoutEchoingIt() {
    byte[] garbage = "{\"password\":\"hunter2\"".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> EventJson.readTree(garbage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
    byte[] noType = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\"}".getBytes();
    assertThatThrownBy(() -> EventJson.readTree(noType))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dataOfTheWrongShapeIsRejected() {
    CloudEvent<JsonNode> read =
        EventJson.readTree(EventJson.write(EventSamples.sample(EventType.SARIF_RECEIVED)));
    assertThatThrownBy(() -> EventJson.dataAs(read, RepoEvent.class))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void factoryRejectsDataOfAnotherType() {
    assertThatThrownBy(
            () ->
                CloudEvent.of(
                    EventType.SARIF_RECEIVED,
                    EventSources.SCANNING,
                    "x",
                    EventSamples.TENANT,
                    EventSamples.repo()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void factoryFillsIdTimeAndConstants() {
    CloudEvent<RepoEvent> event =
        CloudEvent.of(
            EventType.REPO_UPDATED,
            EventSources.REPO_CONFIG,
            "rc_x1y2z3",
            EventSamples.TENANT,
            EventSamples.repo());
    assertThat(event.specversion()).isEqualTo("1.0");
    assertThat(event.type()).isEqualTo("repo.updated");
    assertThat(event.datacontenttype()).isEqualTo("application/json");
    assertThat(event.tenantUuid()).isEqualTo(EventSamples.TENANT);
    assertThat(event.time()).isNotNull();
    assertThat(event.id())
        .isNotEqualTo(
            CloudEvent.of(
                    EventType.REPO_UPDATED,
                    EventSources.REPO_CONFIG,
                    "rc_x1y2z3",
                    EventSamples.TENANT,
                    EventSamples.repo())
                .id());
  }

  @Test
  void repoEventRefusesCredentialsInBaseUrl() {
    assertThatThrownBy(
            () ->
                RepoEvent.disconnected(
                    "rc_1",
                    EventSamples.PROJECT,
                    RepoEvent.Platform.GITHUB,
                    "acme/x",
                    "https://bot:ghp_x@github.example.com/api/v3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("ghp_x");
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void fromTypeFindsEveryConstant(EventType type) {
    assertThat(EventType.fromType(type.type())).isSameAs(type);
    assertThat(Topics.ALL).contains(type.topic());
  }

  @Test
  void unknownTypeIsReported() {
    assertThatThrownBy(() -> EventType.fromType("repo.exploded"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(EventType.find("repo.exploded")).isEmpty();
    assertThat(EventType.find(null)).isEmpty();
  }

  @Test
  void keysFollowTheTopicRules() {
    String tenant = EventSamples.TENANT.toString();
    assertThat(EventKeys.keyOf(EventSamples.sample(EventType.REPO_CONNECTED)))
        .isEqualTo("rc_x1y2z3");
    assertThat(EventKeys.keyOf(EventSamples.sample(EventType.DETECTION_RULE_UPSERTED)))
        .isEqualTo(EventSamples.SYNC_SOURCE.toString());
    assertThat(EventKeys.keyOf(EventSamples.sample(EventType.SYNC_ATTEMPT_FAILED)))
        .isEqualTo(EventSamples.SYNC_SOURCE.toString());
    assertThat(EventKeys.keyOf(EventSamples.sample(EventType.CODE_SCANNING_ALERT_FIXED)))
        .isEqualTo(tenant + "/code-scanning/acme/checkout-api/42");
    assertThat(EventKeys.keyOf(EventSamples.sample(EventType.SECRET_INCIDENT_RESOLVED)))
        .isEqualTo(tenant + "/secret-incident/3759");
    CloudEvent<?> sarif = EventSamples.sample(EventType.SARIF_RECEIVED);
    assertThat(EventKeys.keyOf(sarif)).isEqualTo("acme/checkout-api");
    // Same key from a generically read event, e.g. in a relay that only has the JSON.
    assertThat(EventKeys.keyOf(EventJson.readTree(EventJson.write(sarif))))
        .isEqualTo("acme/checkout-api");
  }
}
