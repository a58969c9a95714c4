package dev.vigil.contracts.events;

import dev.vigil.contracts.events.alerts.CodeScanningAlertEvent;
import dev.vigil.contracts.events.alerts.SecretIncidentEvent;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.contracts.events.scanning.SarifReceived;
import dev.vigil.contracts.events.sync.DetectionRuleEvent;
import dev.vigil.contracts.events.sync.SyncAttemptEvent;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type Vigil publishes: its CloudEvents {@code type}, topic, payload class and JSON
 * Schema. The {@code subject} each type carries is given per constant.
 */
public enum EventType {

  /** A repository was connected. Subject: the repo connection id ({@code rc_…}). */
  REPO_CONNECTED("repo.connected", Topics.REPOS, RepoEvent.class),
  /** A connection's metadata or service mappings changed. Subject: the repo connection id. */
  REPO_UPDATED("repo.updated", Topics.REPOS, RepoEvent.class),
  /** A repository was disconnected. Subject: the repo connection id. */
  REPO_DISCONNECTED("repo.disconnected", Topics.REPOS, RepoEvent.class),

  /** A sync attempt reconciled its source. Subject: the attempt id. */
  SYNC_ATTEMPT_SUCCEEDED("sync.attempt.succeeded", Topics.SYNC, SyncAttemptEvent.class),
  /** A sync attempt failed; nothing was synced. Subject: the attempt id. */
  SYNC_ATTEMPT_FAILED("sync.attempt.failed", Topics.SYNC, SyncAttemptEvent.class),
  /** A detection rule was created or changed by a sync. Subject: the rule id. */
  DETECTION_RULE_UPSERTED("detection-rule.upserted", Topics.SYNC, DetectionRuleEvent.class),
  /** A detection rule was removed by a sync. Subject: the rule id. */
  DETECTION_RULE_DELETED("detection-rule.deleted", Topics.SYNC, DetectionRuleEvent.class),

  /** A new code scanning alert. Subject: {@code <owner/repo>/code-scanning/alerts/<number>}. */
  CODE_SCANNING_ALERT_CREATED(
      "code-scanning-alert.created", Topics.ALERTS, CodeScanningAlertEvent.class),
  /** A code scanning alert was fixed. Subject: as for created. */
  CODE_SCANNING_ALERT_FIXED(
      "code-scanning-alert.fixed", Topics.ALERTS, CodeScanningAlertEvent.class),
  /** A code scanning alert was dismissed. Subject: as for created. */
  CODE_SCANNING_ALERT_DISMISSED(
      "code-scanning-alert.dismissed", Topics.ALERTS, CodeScanningAlertEvent.class),
  /** A fixed or dismissed code scanning alert is open again. Subject: as for created. */
  CODE_SCANNING_ALERT_REOPENED(
      "code-scanning-alert.reopened", Topics.ALERTS, CodeScanningAlertEvent.class),

  /** A new secret incident. Subject: {@code secret-incidents/<incidentId>}. */
  SECRET_INCIDENT_TRIGGERED("secret-incident.triggered", Topics.ALERTS, SecretIncidentEvent.class),
  /** A secret incident was assigned to a member. Subject: as for triggered. */
  SECRET_INCIDENT_ASSIGNED("secret-incident.assigned", Topics.ALERTS, SecretIncidentEvent.class),
  /** A secret incident was resolved. Subject: as for triggered. */
  SECRET_INCIDENT_RESOLVED("secret-incident.resolved", Topics.ALERTS, SecretIncidentEvent.class),
  /** A secret incident was ignored. Subject: as for triggered. */
  SECRET_INCIDENT_IGNORED("secret-incident.ignored", Topics.ALERTS, SecretIncidentEvent.class),
  /** A resolved or ignored secret incident is open again. Subject: as for triggered. */
  SECRET_INCIDENT_REOPENED("secret-incident.reopened", Topics.ALERTS, SecretIncidentEvent.class),
  /** A secret incident's severity changed. Subject: as for triggered. */
  SECRET_INCIDENT_SEVERITY_CHANGED(
      "secret-incident.severity-changed", Topics.ALERTS, SecretIncidentEvent.class),

  /** A SARIF upload was stored and waits for processing. Subject: the upload id. */
  SARIF_RECEIVED("sarif.received", Topics.SCANNING_SARIF, SarifReceived.class);

  /** Classpath folder of the JSON Schemas, one {@code <type>.schema.json} per type. */
  public static final String SCHEMA_FOLDER = "/dev/vigil/contracts/schemas/";

  private static final Map<String, EventType> BY_TYPE =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(t -> t.type, Function.identity()));

  private final String type;
  private final String topic;
  private final Class<?> dataClass;

  EventType(String type, String topic, Class<?> dataClass) {
    this.type = type;
    this.topic = topic;
    this.dataClass = dataClass;
  }

  /** The CloudEvents {@code type} attribute, e.g. {@code repo.connected}. */
  public String type() {
    return type;
  }

  /** The Kafka topic, one of the {@link Topics} constants. */
  public String topic() {
    return topic;
  }

  /** The record class of {@link CloudEvent#data()}. */
  public Class<?> dataClass() {
    return dataClass;
  }

  /**
   * Absolute classpath location of this type's JSON Schema (draft 2020-12, whole envelope), for
   * {@code EventType.class.getResourceAsStream(...)}.
   */
  public String schemaResource() {
    return SCHEMA_FOLDER + type + ".schema.json";
  }

  /**
   * The constant whose {@link #type()} is {@code type}.
   *
   * @throws IllegalArgumentException for an unknown type
   */
  public static EventType fromType(String type) {
    return find(type)
        .orElseThrow(() -> new IllegalArgumentException("unknown event type: " + type));
  }

  /** Like {@link #fromType} but empty for an unknown type, so consumers can skip newer events. */
  public static Optional<EventType> find(String type) {
    return Optional.ofNullable(type == null ? null : BY_TYPE.get(type));
  }
}
