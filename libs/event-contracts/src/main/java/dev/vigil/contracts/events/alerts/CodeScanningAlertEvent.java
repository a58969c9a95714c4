package dev.vigil.contracts.events.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * Payload of the {@code code-scanning-alert.*} events on {@code vigil.alerts.v1}: the alert after
 * the change, in GitHub code scanning terms.
 *
 * @param repository repository full name, e.g. {@code acme/checkout-api}.
 * @param alertNumber the alert's number, unique within the repository (GitHub {@code number}).
 * @param ruleId the rule that raised the alert, e.g. {@code js/sql-injection}.
 * @param toolName the analysis tool, e.g. {@code CodeQL}.
 * @param severity the rule's SARIF-level severity.
 * @param securitySeverityLevel the rule's security severity; null for non-security rules.
 * @param state the alert's state after the change ({@code open} for created and reopened).
 * @param ref the Git ref of the most recent analysis, e.g. {@code refs/heads/main}.
 * @param commitSha the commit of the most recent instance (40 hex characters).
 * @param dismissedReason why it was dismissed; set when {@code state} is {@code dismissed}.
 * @param dismissedComment the dismissal comment (at most 280 characters); null when none.
 * @param service the service owning the alert's location, from the repository's service mappings
 *     (longest matching path prefix); null when no mapping matches.
 */
public record CodeScanningAlertEvent(
    String repository,
    long alertNumber,
    String ruleId,
    String toolName,
    Severity severity,
    SecuritySeverityLevel securitySeverityLevel,
    State state,
    String ref,
    String commitSha,
    DismissedReason dismissedReason,
    String dismissedComment,
    String service) {

  /** Validates the required fields. */
  public CodeScanningAlertEvent {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(commitSha, "commitSha");
  }

  /** SARIF result level of the rule. */
  public enum Severity {
    /** No level. */
    @JsonProperty("none")
    NONE,
    /** A note. */
    @JsonProperty("note")
    NOTE,
    /** A warning. */
    @JsonProperty("warning")
    WARNING,
    /** An error. */
    @JsonProperty("error")
    ERROR
  }

  /** Security severity of a security rule (from its {@code security-severity} score). */
  public enum SecuritySeverityLevel {
    /** Score below 4.0. */
    @JsonProperty("low")
    LOW,
    /** Score 4.0 to 6.9. */
    @JsonProperty("medium")
    MEDIUM,
    /** Score 7.0 to 8.9. */
    @JsonProperty("high")
    HIGH,
    /** Score 9.0 and above. */
    @JsonProperty("critical")
    CRITICAL
  }

  /** Alert state. */
  public enum State {
    /** Open (also after being reopened). */
    @JsonProperty("open")
    OPEN,
    /** Dismissed by a user. */
    @JsonProperty("dismissed")
    DISMISSED,
    /** No longer found by the latest analysis. */
    @JsonProperty("fixed")
    FIXED
  }

  /** GitHub's dismissal reasons. */
  public enum DismissedReason {
    /** The alert is wrong. */
    @JsonProperty("false positive")
    FALSE_POSITIVE,
    /** The risk is accepted. */
    @JsonProperty("won't fix")
    WONT_FIX,
    /** The code is test code. */
    @JsonProperty("used in tests")
    USED_IN_TESTS,
    /** The risk is mitigated elsewhere. */
    @JsonProperty("mitigated")
    MITIGATED
  }
}
