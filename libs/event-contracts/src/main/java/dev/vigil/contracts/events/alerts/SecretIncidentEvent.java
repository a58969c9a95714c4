package dev.vigil.contracts.events.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * Payload of the {@code secret-incident.*} events on {@code vigil.alerts.v1}: the incident after
 * the change, in GitGuardian terms. Never carries the secret itself.
 *
 * @param incidentId the incident's id (GitGuardian incident {@code id}).
 * @param detectorName the detector that found the secret, e.g. {@code aws_iam}.
 * @param severity the incident's severity after the change.
 * @param previousSeverity the severity before; set on {@code secret-incident.severity-changed},
 *     null otherwise.
 * @param status the incident's status after the change.
 * @param validity whether the secret was last checked valid.
 * @param occurrencesCount how many occurrences the incident has.
 * @param secretHash keyed hash identifying the secret within the tenant (GitGuardian {@code
 *     secret_hash}); never the secret or a plain hash of it.
 */
public record SecretIncidentEvent(
    long incidentId,
    String detectorName,
    Severity severity,
    Severity previousSeverity,
    Status status,
    Validity validity,
    int occurrencesCount,
    String secretHash) {

  /** Validates the required fields. */
  public SecretIncidentEvent {
    Objects.requireNonNull(detectorName, "detectorName");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(secretHash, "secretHash");
  }

  /** GitGuardian incident severity. */
  public enum Severity {
    /** Critical. */
    @JsonProperty("critical")
    CRITICAL,
    /** High. */
    @JsonProperty("high")
    HIGH,
    /** Medium. */
    @JsonProperty("medium")
    MEDIUM,
    /** Low. */
    @JsonProperty("low")
    LOW,
    /** Informational. */
    @JsonProperty("info")
    INFO,
    /** Not yet assessed. */
    @JsonProperty("unknown")
    UNKNOWN
  }

  /** GitGuardian incident status (upper case on the wire, as in the API). */
  public enum Status {
    /** Open and unassigned. */
    TRIGGERED,
    /** Open and assigned to a member. */
    ASSIGNED,
    /** Closed as remediated. */
    RESOLVED,
    /** Closed without remediation. */
    IGNORED
  }

  /** Result of the last validity check of the secret. */
  public enum Validity {
    /** The secret works. */
    @JsonProperty("valid")
    VALID,
    /** The secret is rejected by its service. */
    @JsonProperty("invalid")
    INVALID,
    /** The check could not complete. */
    @JsonProperty("failed_to_check")
    FAILED_TO_CHECK,
    /** No checker exists for this detector. */
    @JsonProperty("no_checker")
    NO_CHECKER,
    /** Not checked yet. */
    @JsonProperty("unknown")
    UNKNOWN
  }
}
