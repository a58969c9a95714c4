package dev.vigil.secrets.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies of the operations that write their JSON by hand (GitGuardian's incidents and scans,
 * Vigil's repository scans), as the OpenAPI document describes them: field for field what the
 * resources write, with GitGuardian's names and types ({@code incident}, {@code occurrence}, {@code
 * scanResult}, {@code document} of its public API). Only for the document; never instantiated.
 */
final class DocumentedBodies {

  private DocumentedBodies() {}

  /** GitGuardian's {@code document}: one file to scan. */
  @Schema(name = "ScanDocument")
  record ScanDocument(
      @Schema(description = "The file's name or path; shown in ggshield's output.") String filename,
      @Schema(required = true, description = "The content to scan.") String document) {}

  /** GitGuardian's {@code scanResult}. */
  @Schema(name = "ScanResult")
  record ScanResult(
      @Schema(required = true) @JsonProperty("policy_break_count") int policyBreakCount,
      @Schema(required = true) List<String> policies,
      @Schema(required = true) @JsonProperty("policy_breaks") List<PolicyBreak> policyBreaks,
      @JsonProperty("is_diff") boolean isDiff) {}

  /** GitGuardian's {@code policyBreak}: one secret found. */
  @Schema(name = "PolicyBreak")
  record PolicyBreak(
      @Schema(required = true) String type,
      @JsonProperty("detector_name") String detectorName,
      @JsonProperty("detector_group_name") String detectorGroupName,
      @JsonProperty("documentation_url") String documentationUrl,
      @Schema(required = true) String policy,
      @Schema(required = true) List<PolicyBreakMatch> matches,
      @JsonProperty("is_excluded") boolean isExcluded,
      @JsonProperty("exclude_reason") String excludeReason,
      @JsonProperty("diff_kind") String diffKind,
      @JsonProperty("is_vaulted") boolean isVaulted,
      @JsonProperty("known_secret") boolean knownSecret,
      @JsonProperty("incident_url") String incidentUrl,
      String validity) {}

  /** Where in the document a policy break's secret is. */
  @Schema(name = "PolicyBreakMatch")
  record PolicyBreakMatch(
      @Schema(required = true) String type,
      @Schema(required = true) String match,
      @JsonProperty("index_start") int indexStart,
      @JsonProperty("index_end") int indexEnd,
      @JsonProperty("line_start") int lineStart,
      @JsonProperty("line_end") int lineEnd) {}

  /** {@code GET /v1/metadata}: the version, preferences and limits ggshield reads first. */
  @Schema(name = "Metadata")
  record Metadata(
      @Schema(required = true) String version,
      @Schema(required = true) Map<String, Object> preferences,
      @Schema(required = true) @JsonProperty("secret_scan_preferences")
          SecretScanPreferences secretScanPreferences,
      @JsonProperty("remediation_messages") Map<String, String> remediationMessages) {}

  @Schema(name = "SecretScanPreferences")
  record SecretScanPreferences(
      @Schema(required = true) @JsonProperty("maximum_documents_per_scan")
          int maximumDocumentsPerScan,
      @Schema(required = true) @JsonProperty("maximum_document_size") int maximumDocumentSize) {}

  /** {@code GET /v1/quotas}. */
  @Schema(name = "Quotas")
  record Quotas(@Schema(required = true) QuotaContent content) {}

  @Schema(name = "QuotaContent")
  record QuotaContent(
      @Schema(required = true) long count,
      @Schema(required = true) long limit,
      @Schema(required = true) long remaining,
      @Schema(required = true) String since) {}

  /** GitGuardian's {@code detector}. */
  @Schema(name = "Detector")
  record Detector(
      @Schema(required = true) String name,
      @Schema(required = true) @JsonProperty("display_name") String displayName,
      @Schema(required = true) String nature,
      String family,
      @JsonProperty("detector_group_name") String detectorGroupName,
      @JsonProperty("detector_group_display_name") String detectorGroupDisplayName) {}

  /**
   * GitGuardian's {@code incident} ({@code incidentWithoutOccurrences} when {@code occurrences} is
   * null: listings and actions).
   */
  @Schema(name = "Incident")
  record Incident(
      @Schema(required = true) long id,
      @Schema(required = true) Instant date,
      @Schema(required = true) Detector detector,
      @JsonProperty("secret_hash") String secretHash,
      @JsonProperty("gitguardian_url") String gitguardianUrl,
      @Schema(required = true) boolean regression,
      @Schema(
              required = true,
              enumeration = {"IGNORED", "TRIGGERED", "ASSIGNED", "RESOLVED"})
          String status,
      @JsonProperty("assignee_id") Long assigneeId,
      @JsonProperty("assignee_email") String assigneeEmail,
      @JsonProperty("occurrences_count") int occurrencesCount,
      List<Occurrence> occurrences,
      @JsonProperty("ignore_reason") String ignoreReason,
      @JsonProperty("ignored_at") Instant ignoredAt,
      @JsonProperty("ignorer_id") Long ignorerId,
      @JsonProperty("ignorer_api_token_id") UUID ignorerApiTokenId,
      @JsonProperty("resolver_id") Long resolverId,
      @JsonProperty("resolver_api_token_id") UUID resolverApiTokenId,
      @JsonProperty("secret_revoked") boolean secretRevoked,
      String severity,
      String validity,
      @JsonProperty("resolved_at") Instant resolvedAt,
      @JsonProperty("share_url") String shareUrl,
      List<String> tags) {}

  /** GitGuardian's {@code occurrence}. */
  @Schema(name = "Occurrence")
  record Occurrence(
      @Schema(required = true) long id,
      @JsonProperty("incident_id") long incidentId,
      @Schema(required = true) String kind,
      @Schema(required = true) String sha,
      @Schema(required = true) OccurrenceSource source,
      @Schema(required = true) @JsonProperty("author_name") String authorName,
      @Schema(required = true) @JsonProperty("author_info") String authorInfo,
      @Schema(required = true) Instant date,
      String presence,
      @Schema(required = true) String url,
      @Schema(required = true) List<OccurrenceMatch> matches,
      @Schema(required = true) String filepath) {}

  /** GitGuardian's {@code source}: where an occurrence was found. */
  @Schema(name = "OccurrenceSource")
  record OccurrenceSource(
      @Schema(required = true) long id,
      @Schema(required = true) String url,
      @Schema(required = true) String type,
      @JsonProperty("full_name") String fullName,
      String health,
      @JsonProperty("open_incidents_count") long openIncidentsCount,
      @JsonProperty("closed_incidents_count") long closedIncidentsCount,
      @Schema(required = true) String visibility) {}

  /** GitGuardian's {@code match}. */
  @Schema(name = "OccurrenceMatch")
  record OccurrenceMatch(
      @Schema(required = true) String name,
      @Schema(required = true) @JsonProperty("indice_start") int indiceStart,
      @Schema(required = true) @JsonProperty("indice_end") int indiceEnd,
      @JsonProperty("pre_line_start") Integer preLineStart,
      @JsonProperty("pre_line_end") Integer preLineEnd,
      @JsonProperty("post_line_start") int postLineStart,
      @JsonProperty("post_line_end") int postLineEnd) {}

  /** GitGuardian's {@code incidentToken}: a shared incident's link. */
  @Schema(name = "IncidentShare")
  record IncidentShare(
      @JsonProperty("share_url") String shareUrl,
      @JsonProperty("incident_id") long incidentId,
      @JsonProperty("feedback_collection") boolean feedbackCollection,
      @JsonProperty("auto_healing") boolean autoHealing,
      String token,
      @JsonProperty("expire_at") Instant expireAt,
      @JsonProperty("revoked_at") Instant revokedAt) {}

  /** GitGuardian's {@code Update Request}. */
  @Schema(name = "IncidentUpdate")
  record IncidentUpdate(
      @Schema(enumeration = {"critical", "high", "medium", "low", "info", "unknown"})
          String severity) {}

  /** GitGuardian's {@code Assignee Request}: exactly one of the two. */
  @Schema(name = "IncidentAssignment")
  record IncidentAssignment(String email, @JsonProperty("member_id") Long memberId) {}

  /** GitGuardian's {@code Resolve Request}. */
  @Schema(name = "IncidentResolution")
  record IncidentResolution(
      @Schema(required = true) @JsonProperty("secret_revoked") boolean secretRevoked) {}

  /** GitGuardian's {@code Ignore Request}. */
  @Schema(name = "IncidentIgnore")
  record IncidentIgnore(
      @Schema(
              required = true,
              enumeration = {"test_credential", "false_positive", "low_risk"})
          @JsonProperty("ignore_reason")
          String ignoreReason) {}

  /** GitGuardian's {@code Incident Share Request}. */
  @Schema(name = "IncidentShareRequest")
  record IncidentShareRequest(
      @JsonProperty("auto_healing") Boolean autoHealing,
      @JsonProperty("feedback_collection") Boolean feedbackCollection,
      @Schema(description = "Hours the link lives; 0 for no expiry.") Integer lifespan) {}

  /** {@code POST /v1/secret-scans}: which connected repository to scan. */
  @Schema(name = "SecretScanRequest")
  record SecretScanRequest(
      @Schema(required = true, description = "The repository's full name, owner/name.")
          String repository) {}

  /** A repository secret scan and its progress. */
  @Schema(name = "SecretScan")
  record SecretScan(
      @Schema(required = true) long id,
      @Schema(required = true) String repository,
      String ref,
      @JsonProperty("commit_sha") String commitSha,
      @Schema(required = true) String status,
      @JsonProperty("files_scanned") int filesScanned,
      @JsonProperty("files_skipped") int filesSkipped,
      @JsonProperty("secrets_found") int secretsFound,
      String error) {}

  /** {@code POST /v1/secret-scanning/custom-patterns}. */
  @Schema(name = "CustomPatternRequest")
  record CustomPatternRequest(
      @Schema(required = true) String name,
      @Schema(required = true, description = "The secret's regular expression (RE2).")
          @JsonProperty("secret_format")
          String secretFormat,
      @JsonProperty("before_secret") String beforeSecret,
      @JsonProperty("after_secret") String afterSecret,
      @JsonProperty("must_match") List<String> mustMatch,
      @JsonProperty("must_not_match") List<String> mustNotMatch,
      @Schema(description = "Each must contain a secret the pattern finds.")
          @JsonProperty("test_strings")
          List<String> testStrings,
      @Schema(description = "The organization; absent for an enterprise-level pattern.") String org,
      @Schema(enumeration = {"enabled", "disabled"}) @JsonProperty("push_protection_setting")
          String pushProtectionSetting) {}

  /** {@code GET /v1/secret-scanning/custom-patterns}. */
  @Schema(name = "CustomPatternList")
  record CustomPatternList(
      @Schema(required = true) @JsonProperty("custom_patterns")
          List<CustomPatternResource.CustomPatternJson> customPatterns) {}

  /** GitHub's pattern-configuration update request. */
  @Schema(name = "PatternConfigurationUpdate")
  record PatternConfigurationUpdate(
      @Schema(description = "The version read last; a stale one is refused with 409.")
          @JsonProperty("pattern_config_version")
          String patternConfigVersion,
      @JsonProperty("provider_pattern_settings") List<PatternSetting> providerPatternSettings,
      @JsonProperty("custom_pattern_settings") List<PatternSetting> customPatternSettings) {}

  @Schema(name = "PatternSetting")
  record PatternSetting(
      @Schema(required = true) @JsonProperty("token_type") String tokenType,
      @JsonProperty("custom_pattern_version") String customPatternVersion,
      @Schema(
              required = true,
              enumeration = {"not-set", "disabled", "enabled"})
          @JsonProperty("push_protection_setting")
          String pushProtectionSetting) {}

  /** {@code POST /v1/push-protection/check}: the files a push adds or changes. */
  @Schema(name = "PushCheckRequest")
  record PushCheckRequest(
      @Schema(required = true, description = "owner/name") String repository,
      String ref,
      @Schema(required = true) List<PushedCommit> commits) {}

  @Schema(name = "PushedCommit")
  record PushedCommit(String sha, @Schema(required = true) List<PushedFile> files) {}

  @Schema(name = "PushedFile")
  record PushedFile(
      @Schema(required = true) String path,
      @Schema(enumeration = {"utf-8", "base64"}) String encoding,
      String content) {}

  /** {@code POST /v1/push-protection/bypasses}. */
  @Schema(name = "PushBypassRequest")
  record PushBypassRequest(
      @Schema(required = true) String repository,
      @Schema(required = true) @JsonProperty("placeholder_id") String placeholderId,
      @Schema(
              required = true,
              enumeration = {"false_positive", "used_in_tests", "will_fix_later"})
          String reason) {}
}
