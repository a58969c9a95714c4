package dev.vigil.contracts.events;

import dev.vigil.contracts.events.alerts.CodeScanningAlertEvent;
import dev.vigil.contracts.events.alerts.CodeScanningAlertEvent.DismissedReason;
import dev.vigil.contracts.events.alerts.CodeScanningAlertEvent.SecuritySeverityLevel;
import dev.vigil.contracts.events.alerts.CodeScanningAlertEvent.Severity;
import dev.vigil.contracts.events.alerts.CodeScanningAlertEvent.State;
import dev.vigil.contracts.events.alerts.SecretIncidentEvent;
import dev.vigil.contracts.events.alerts.SecretIncidentEvent.Status;
import dev.vigil.contracts.events.alerts.SecretIncidentEvent.Validity;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.contracts.events.repos.RepoEvent.Platform;
import dev.vigil.contracts.events.repos.RepoEvent.ServiceMapping;
import dev.vigil.contracts.events.repos.RepoEvent.Visibility;
import dev.vigil.contracts.events.scanning.SarifReceived;
import dev.vigil.contracts.events.sync.DetectionRuleEvent;
import dev.vigil.contracts.events.sync.SyncAttemptEvent;
import java.util.List;
import java.util.UUID;

/** One realistic event per type, as its producer would publish it. */
final class EventSamples {

  static final UUID TENANT = UUID.fromString("6f1c2d9e-6a3b-4b8e-9a51-0c3f7e2d4a10");
  static final UUID PROJECT = UUID.fromString("0b7f3a52-2c1e-4d7a-8f3e-5d9c1a2b3c4d");
  static final UUID SYNC_SOURCE = UUID.fromString("a3e5c7d9-1b2f-4c6e-8a0d-2f4b6d8e0a1c");
  static final String SHA = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

  private EventSamples() {}

  /** Exhaustive over {@link EventType}, so a new type does not compile without a sample. */
  static CloudEvent<?> sample(EventType type) {
    return switch (type) {
      case REPO_CONNECTED, REPO_UPDATED ->
          CloudEvent.of(type, EventSources.REPO_CONFIG, "rc_x1y2z3", TENANT, repo());
      case REPO_DISCONNECTED ->
          CloudEvent.of(
              type,
              EventSources.REPO_CONFIG,
              "rc_x1y2z3",
              TENANT,
              RepoEvent.disconnected(
                  "rc_x1y2z3", PROJECT, Platform.GITLAB, "acme/platform/checkout-api", null));
      case SYNC_ATTEMPT_SUCCEEDED -> {
        UUID attempt = UUID.randomUUID();
        yield CloudEvent.of(
            type,
            EventSources.SYNC,
            attempt.toString(),
            TENANT,
            new SyncAttemptEvent(SYNC_SOURCE, attempt, "acme/detections", SHA, 12, 1, null));
      }
      case SYNC_ATTEMPT_FAILED -> {
        UUID attempt = UUID.randomUUID();
        yield CloudEvent.of(
            type,
            EventSources.SYNC,
            attempt.toString(),
            TENANT,
            new SyncAttemptEvent(
                SYNC_SOURCE,
                attempt,
                "acme/detections",
                null,
                0,
                0,
                "GitHub rejected the repository connection's credentials"));
      }
      case DETECTION_RULE_UPSERTED -> {
        UUID rule = UUID.randomUUID();
        yield CloudEvent.of(
            type,
            EventSources.SYNC,
            rule.toString(),
            TENANT,
            new DetectionRuleEvent(
                SYNC_SOURCE,
                rule,
                "AWS console login without MFA",
                "rules/aws/console_login_without_mfa.yml",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "name: AWS console login without MFA\nseverity: high\n"));
      }
      case DETECTION_RULE_DELETED -> {
        UUID rule = UUID.randomUUID();
        yield CloudEvent.of(
            type,
            EventSources.SYNC,
            rule.toString(),
            TENANT,
            new DetectionRuleEvent(
                SYNC_SOURCE,
                rule,
                "Okta admin role granted",
                "rules/okta/admin_role_granted.yml",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                null));
      }
      case CODE_SCANNING_ALERT_CREATED, CODE_SCANNING_ALERT_REOPENED ->
          alertEvent(type, State.OPEN, null, null);
      case CODE_SCANNING_ALERT_FIXED -> alertEvent(type, State.FIXED, null, null);
      case CODE_SCANNING_ALERT_DISMISSED ->
          alertEvent(
              type,
              State.DISMISSED,
              DismissedReason.FALSE_POSITIVE,
              "Input is validated by the gateway.");
      case SECRET_INCIDENT_TRIGGERED -> incidentEvent(type, Status.TRIGGERED, null);
      case SECRET_INCIDENT_ASSIGNED -> incidentEvent(type, Status.ASSIGNED, null);
      case SECRET_INCIDENT_RESOLVED -> incidentEvent(type, Status.RESOLVED, null);
      case SECRET_INCIDENT_IGNORED -> incidentEvent(type, Status.IGNORED, null);
      case SECRET_INCIDENT_REOPENED -> incidentEvent(type, Status.ASSIGNED, null);
      case SECRET_INCIDENT_SEVERITY_CHANGED ->
          incidentEvent(type, Status.TRIGGERED, SecretIncidentEvent.Severity.UNKNOWN);
      case SARIF_RECEIVED -> {
        UUID upload = UUID.randomUUID();
        yield CloudEvent.of(
            type,
            EventSources.SCANNING,
            upload.toString(),
            TENANT,
            new SarifReceived(
                upload, "acme/checkout-api", SHA, "refs/heads/main", "/language:java", 48_213));
      }
    };
  }

  static RepoEvent repo() {
    return new RepoEvent(
        "rc_x1y2z3",
        PROJECT,
        Platform.GITHUB,
        "acme/checkout-api",
        "https://github.example.com/api/v3",
        "main",
        Visibility.PRIVATE,
        30,
        List.of(
            new ServiceMapping("checkout-api", "src/", "main"),
            new ServiceMapping("checkout-docs", "", "main")));
  }

  private static CloudEvent<CodeScanningAlertEvent> alertEvent(
      EventType type, State state, DismissedReason reason, String comment) {
    return CloudEvent.of(
        type,
        EventSources.SCANNING,
        "acme/checkout-api/code-scanning/alerts/42",
        TENANT,
        new CodeScanningAlertEvent(
            "acme/checkout-api",
            42,
            "java/sql-injection",
            "CodeQL",
            Severity.ERROR,
            SecuritySeverityLevel.HIGH,
            state,
            "refs/heads/main",
            SHA,
            reason,
            comment,
            "checkout-api"));
  }

  private static CloudEvent<SecretIncidentEvent> incidentEvent(
      EventType type, Status status, SecretIncidentEvent.Severity previous) {
    return CloudEvent.of(
        type,
        EventSources.SECRETS,
        "secret-incidents/3759",
        TENANT,
        new SecretIncidentEvent(
            3759,
            "aws_iam",
            SecretIncidentEvent.Severity.HIGH,
            previous,
            status,
            Validity.VALID,
            3,
            "Ri9FjVgdOlPnBmujoxP4XPJcbe82BhJXB/SAngijw/juCISuOMgPzYhV28m6OG24"));
  }
}
