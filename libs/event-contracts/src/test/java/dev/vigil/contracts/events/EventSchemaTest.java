package dev.vigil.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vigil.contracts.events.repos.RepoEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every event type's JSON Schema accepts its real events and rejects malformed ones. */
class EventSchemaTest {

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  // Formats are annotations only in 2020-12 unless asserted; producers rely on uuid/date-time.
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  @ParameterizedTest
  @EnumSource(EventType.class)
  void sampleValidates(EventType type) {
    assertThat(validate(type, sampleJson(type))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void strayDataPropertyFails(EventType type) {
    ObjectNode json = sampleJson(type);
    ((ObjectNode) json.get("data")).put("token", "ghp_16C7e42F292c6912E7710c838347Ae178B4a");
    assertThat(validate(type, json))
        .extracting(ValidationMessage::getMessage)
        .anyMatch(m -> m.contains("token"));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void missingEnvelopeAttributeFails(EventType type) {
    ObjectNode json = sampleJson(type);
    json.remove("tenantid");
    assertThat(validate(type, json)).isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void otherTypeFails(EventType type) {
    ObjectNode json = sampleJson(type);
    json.put("type", type == EventType.SARIF_RECEIVED ? "repo.connected" : "sarif.received");
    assertThat(validate(type, json)).isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void badFormatsFail(EventType type) {
    ObjectNode json = sampleJson(type);
    json.put("id", "not-a-uuid");
    json.put("time", "yesterday");
    assertThat(validate(type, json)).hasSizeGreaterThanOrEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void schemaDescribesEveryRecordComponentAndNothingElse(EventType type) {
    JsonNode data = schema(type).at("/properties/data/properties");
    assertThat(fieldNames(data)).isEqualTo(componentNames(type.dataClass()));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void schemaIsValidDraft202012AndNamesItsType(EventType type) {
    JsonSchema meta =
        FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    assertThat(meta.validate(schema(type))).isEmpty();
    assertThat(schema(type).at("/properties/type/const").asText()).isEqualTo(type.type());
  }

  @Test
  void serviceMappingSchemaMatchesRecord() {
    JsonNode items =
        schema(EventType.REPO_CONNECTED)
            .at("/properties/data/properties/serviceMappings/items/properties");
    assertThat(fieldNames(items)).isEqualTo(componentNames(RepoEvent.ServiceMapping.class));
  }

  @Test
  void dismissedAlertNeedsReason() {
    ObjectNode json = sampleJson(EventType.CODE_SCANNING_ALERT_DISMISSED);
    ((ObjectNode) json.get("data")).remove("dismissedReason");
    assertThat(validate(EventType.CODE_SCANNING_ALERT_DISMISSED, json)).isNotEmpty();
  }

  @Test
  void fixedAlertMustSayFixed() {
    ObjectNode json = sampleJson(EventType.CODE_SCANNING_ALERT_FIXED);
    ((ObjectNode) json.get("data")).put("state", "open");
    assertThat(validate(EventType.CODE_SCANNING_ALERT_FIXED, json)).isNotEmpty();
  }

  @Test
  void severityChangeNeedsPreviousSeverity() {
    ObjectNode json = sampleJson(EventType.SECRET_INCIDENT_SEVERITY_CHANGED);
    ((ObjectNode) json.get("data")).remove("previousSeverity");
    assertThat(validate(EventType.SECRET_INCIDENT_SEVERITY_CHANGED, json)).isNotEmpty();
  }

  @Test
  void baseUrlWithUserInfoFails() {
    ObjectNode json = sampleJson(EventType.REPO_CONNECTED);
    ((ObjectNode) json.get("data")).put("baseUrl", "https://bot:hunter2@github.example.com/api/v3");
    assertThat(validate(EventType.REPO_CONNECTED, json)).isNotEmpty();
  }

  @Test
  void tracingExtensionAttributeIsAllowed() {
    ObjectNode json = sampleJson(EventType.SARIF_RECEIVED);
    json.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(validate(EventType.SARIF_RECEIVED, json)).isEmpty();
  }

  private static Set<ValidationMessage> validate(EventType type, JsonNode json) {
    return FACTORY
        .getSchema(SchemaLocation.of("classpath:" + type.schemaResource().substring(1)), CONFIG)
        .validate(json);
  }

  private static ObjectNode sampleJson(EventType type) {
    try {
      return (ObjectNode) EventJson.mapper().readTree(EventJson.write(EventSamples.sample(type)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode schema(EventType type) {
    try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
      assertThat(in).as(type.schemaResource()).isNotNull();
      return EventJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new java.util.TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Set<String> componentNames(Class<?> recordClass) {
    return Arrays.stream(recordClass.getRecordComponents())
        .map(RecordComponent::getName)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
