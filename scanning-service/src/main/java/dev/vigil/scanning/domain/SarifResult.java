package dev.vigil.scanning.domain;

import java.util.List;
import java.util.Map;

/**
 * One result of a run, resolved against the run's rules and source root.
 *
 * @param runIndex index of the run in the file.
 * @param ordinal index of the result in its run's {@code results} (document order, counting dropped
 *     ones).
 * @param ruleId {@code ruleId}, else {@code rule.id}, else the referenced rule's id; null if none.
 * @param rule the referenced rule, or null when the run does not define it.
 * @param level effective level ({@link Level#effective}); GitHub's {@code rule.severity}.
 * @param kind {@code kind}, or null (SARIF default {@code fail}).
 * @param message message text ({@code message.text}, else {@code message.id} formatted from the
 *     rule's or component's message strings); "" when neither resolves.
 * @param location primary (first) location, or null when the result has none.
 * @param locations the first {@link SarifLimits#keptLocationsPerResult()} locations.
 * @param threadFlowLocations at most {@link SarifLimits#keptThreadFlowLocationsPerResult()} code
 *     flow steps, most important first when some had to be dropped, in document order.
 * @param partialFingerprints {@code partialFingerprints}.
 * @param fingerprints {@code fingerprints}.
 * @param suppressions {@code suppressions} (an empty array is the same as none).
 * @param fingerprint the fingerprint in {@link #alertKey()}.
 * @param alertKey alert identity.
 */
public record SarifResult(
    int runIndex,
    int ordinal,
    String ruleId,
    SarifRule rule,
    Level level,
    String kind,
    String message,
    SarifLocation location,
    List<SarifLocation> locations,
    List<ThreadFlowLocation> threadFlowLocations,
    Map<String, String> partialFingerprints,
    Map<String, String> fingerprints,
    List<Suppression> suppressions,
    String fingerprint,
    AlertKey alertKey) {

  /** Copies the collections. */
  public SarifResult {
    ruleId = SarifStrings.identifier("ruleId", ruleId);
    kind = SarifStrings.identifier("kind", kind);
    message = SarifStrings.text(message);
    fingerprint = SarifStrings.identifier("fingerprint", fingerprint);
    partialFingerprints = SarifStrings.identifierMap("partialFingerprints", partialFingerprints);
    fingerprints = SarifStrings.identifierMap("fingerprints", fingerprints);
    locations = List.copyOf(locations);
    threadFlowLocations = List.copyOf(threadFlowLocations);
    partialFingerprints = Map.copyOf(partialFingerprints);
    fingerprints = Map.copyOf(fingerprints);
    suppressions = List.copyOf(suppressions);
  }

  /** The rule's security severity level, or null. */
  public SecuritySeverityLevel securitySeverityLevel() {
    return rule == null ? null : rule.securitySeverityLevel();
  }

  /** Repository path of the primary location, or null. */
  public String path() {
    return location == null ? null : location.path();
  }

  /** True when an effective suppression (status absent or accepted) is present. */
  public boolean suppressed() {
    return suppressions.stream().anyMatch(Suppression::effective);
  }
}
