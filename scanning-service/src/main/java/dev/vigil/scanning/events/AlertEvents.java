package dev.vigil.scanning.events;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventSources;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.alerts.CodeScanningAlertEvent;
import dev.vigil.contracts.events.alerts.CodeScanningAlertEvent.DismissedReason;
import dev.vigil.contracts.events.alerts.CodeScanningAlertEvent.SecuritySeverityLevel;
import dev.vigil.contracts.events.alerts.CodeScanningAlertEvent.Severity;
import dev.vigil.contracts.events.alerts.CodeScanningAlertEvent.State;
import java.util.Locale;
import java.util.UUID;

/** Builds the {@code code-scanning-alert.*} events and their Kafka keys. */
public final class AlertEvents {

  /** The event's rule id when the result named none (the contract requires one). */
  public static final String NO_RULE = "(none)";

  private AlertEvents() {}

  /** What an alert event says about the alert after the change. */
  public record Alert(
      String repository,
      long number,
      String ruleId,
      String toolName,
      String severity,
      String securitySeverityLevel,
      String state,
      String ref,
      String commitSha,
      String dismissedReason,
      String dismissedComment,
      String service) {}

  public static CloudEvent<CodeScanningAlertEvent> event(
      EventType type, UUID tenantId, Alert alert) {
    return CloudEvent.of(type, EventSources.SCANNING, subject(alert), tenantId, data(alert));
  }

  /**
   * The event's subject: the alert's path in the API, {@code owner/repo/code-scanning/alerts/n}.
   */
  public static String subject(Alert alert) {
    return alert.repository() + "/code-scanning/alerts/" + alert.number();
  }

  /** The event's data. */
  public static CodeScanningAlertEvent data(Alert alert) {
    return new CodeScanningAlertEvent(
        alert.repository(),
        alert.number(),
        alert.ruleId() == null || alert.ruleId().isEmpty() ? NO_RULE : alert.ruleId(),
        alert.toolName(),
        severity(alert.severity()),
        securityLevel(alert.securitySeverityLevel()),
        state(alert.state()),
        alert.ref(),
        alert.commitSha(),
        reason(alert.dismissedReason()),
        alert.dismissedComment(),
        alert.service());
  }

  /** The key of {@code vigil.alerts.v1}: tenant + "/code-scanning/" + repository + "/" + number. */
  public static String key(UUID tenantId, String repository, long number) {
    return tenantId + "/code-scanning/" + repository + "/" + number;
  }

  private static Severity severity(String level) {
    return level == null ? Severity.WARNING : Severity.valueOf(level.toUpperCase(Locale.ROOT));
  }

  private static SecuritySeverityLevel securityLevel(String level) {
    return level == null ? null : SecuritySeverityLevel.valueOf(level.toUpperCase(Locale.ROOT));
  }

  private static State state(String state) {
    return State.valueOf(state.toUpperCase(Locale.ROOT));
  }

  private static DismissedReason reason(String reason) {
    if (reason == null) {
      return null;
    }
    return switch (reason) {
      case "false positive" -> DismissedReason.FALSE_POSITIVE;
      case "won't fix" -> DismissedReason.WONT_FIX;
      case "used in tests" -> DismissedReason.USED_IN_TESTS;
      case "mitigated" -> DismissedReason.MITIGATED;
      default -> throw new IllegalArgumentException("unknown dismissal reason");
    };
  }
}
