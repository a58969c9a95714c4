package dev.vigil.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.events.alerts.CodeScanningAlertEvent;
import dev.vigil.contracts.events.alerts.SecretIncidentEvent;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.contracts.events.scanning.SarifReceived;
import dev.vigil.contracts.events.sync.DetectionRuleEvent;
import dev.vigil.contracts.events.sync.SyncAttemptEvent;

/**
 * Kafka record keys, as documented on {@link Topics}. Events about the same thing share a key and
 * so a partition, which keeps them in order.
 */
public final class EventKeys {

  private EventKeys() {}

  /**
   * The record key of an event: the connection id on {@code vigil.repos.v1}, the sync source id on
   * {@code vigil.sync.v1}, {@code <tenantid>/<alert id>} on {@code vigil.alerts.v1} (alert id =
   * {@code code-scanning/<repository>/<number>} or {@code secret-incident/<id>}), the repository on
   * {@code vigil.scanning.sarif.v1}.
   *
   * @throws IllegalArgumentException for an unknown type or data that does not fit it
   */
  public static String keyOf(CloudEvent<?> event) {
    EventType type = event.eventType();
    Object data = event.data();
    if (data instanceof JsonNode node) {
      @SuppressWarnings("unchecked")
      CloudEvent<JsonNode> tree = (CloudEvent<JsonNode>) event;
      data = EventJson.dataAs(tree.withData(node), type.dataClass());
    }
    return switch (data) {
      case RepoEvent d -> d.connectionId();
      case SyncAttemptEvent d -> d.syncSourceId().toString();
      case DetectionRuleEvent d ->
          (d.syncSourceId() != null ? d.syncSourceId() : d.ruleId()).toString();
      case CodeScanningAlertEvent d ->
          event.tenantid() + "/code-scanning/" + d.repository() + "/" + d.alertNumber();
      case SecretIncidentEvent d -> event.tenantid() + "/secret-incident/" + d.incidentId();
      case SarifReceived d -> d.repository();
      default ->
          throw new IllegalArgumentException(
              "no key rule for " + (data == null ? "null" : data.getClass().getName()));
    };
  }
}
