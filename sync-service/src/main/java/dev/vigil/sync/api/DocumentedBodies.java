package dev.vigil.sync.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies {@link Views} writes by hand, as the OpenAPI document describes them: field for field
 * what the resources answer (Scanner.dev's names). Only for the document; never instantiated.
 */
final class DocumentedBodies {

  private DocumentedBodies() {}

  /** A sync source: push (scanner-cli uploads) or github_polled (a connected repository). */
  @Schema(name = "SyncSource")
  record SyncSource(
      @Schema(required = true) UUID id,
      @Schema(required = true) @JsonProperty("tenant_id") UUID tenantId,
      @Schema(
              required = true,
              enumeration = {"push", "github_polled"})
          String kind,
      @Schema(description = "push sources only") @JsonProperty("push_key") String pushKey,
      @Schema(description = "github_polled sources only") @JsonProperty("repo_connection_id")
          String repoConnectionId,
      @Schema(description = "github_polled sources only") String repository,
      @Schema(description = "github_polled sources only") String directory,
      @Schema(required = true) String branch,
      @Schema(required = true) @JsonProperty("sync_config_path") String syncConfigPath,
      @JsonProperty("last_commit_sha") String lastCommitSha,
      @JsonProperty("last_synced_at") Instant lastSyncedAt,
      @Schema(required = true) @JsonProperty("created_at") Instant createdAt) {}

  @Schema(name = "SyncSourceAnswer")
  record SyncSourceAnswer(
      @Schema(required = true) @JsonProperty("sync_source") SyncSource source) {}

  /** A materialized detection rule. */
  @Schema(name = "DetectionRule")
  record DetectionRule(
      @Schema(required = true) UUID id,
      @Schema(required = true) @JsonProperty("tenant_id") UUID tenantId,
      @Schema(description = "null for a rule upserted by push key") @JsonProperty("sync_source_id")
          UUID syncSourceId,
      @JsonProperty("file_path") String filePath,
      @JsonProperty("sync_key") String syncKey,
      @Schema(required = true) String name,
      String description,
      String severity,
      @JsonProperty("enabled_state") String enabledState,
      @JsonProperty("query_text") String queryText,
      @JsonProperty("time_range_s") int timeRangeS,
      @JsonProperty("run_frequency_s") int runFrequencyS,
      List<String> tags,
      @JsonProperty("event_sink_keys") List<String> eventSinkKeys,
      @JsonProperty("event_sink_ids") List<String> eventSinkIds,
      @JsonProperty("alert_template") Map<String, Object> alertTemplate,
      @JsonProperty("dedup_window_s") Integer dedupWindowS,
      @JsonProperty("alert_per_row") Boolean alertPerRow,
      @Schema(required = true) @JsonProperty("created_at") Instant createdAt,
      @Schema(required = true) @JsonProperty("updated_at") Instant updatedAt) {}

  @Schema(name = "DetectionRuleAnswer")
  record DetectionRuleAnswer(
      @Schema(required = true) @JsonProperty("detection_rule") DetectionRule rule) {}

  /** The upsert's answer: the rule, and whether it is new. */
  @Schema(name = "DetectionRuleUpserted")
  record DetectionRuleUpserted(
      @Schema(required = true) @JsonProperty("detection_rule") DetectionRule rule,
      @Schema(required = true) boolean created) {}

  /** One sync of a source. */
  @Schema(name = "SyncAttempt")
  record SyncAttempt(
      @Schema(required = true) UUID id,
      @Schema(required = true) @JsonProperty("sync_source_id") UUID syncSourceId,
      @Schema(required = true) String status,
      @JsonProperty("commit_sha") String commitSha,
      @JsonProperty("commit_message") String commitMessage,
      @JsonProperty("detection_rules_synced") int detectionRulesSynced,
      @JsonProperty("detection_rules_deleted") int detectionRulesDeleted,
      List<Map<String, Object>> failures,
      List<Map<String, Object>> warnings,
      String error,
      @JsonProperty("started_at") Instant startedAt,
      @JsonProperty("finished_at") Instant finishedAt) {}

  @Schema(name = "PageToken")
  record PageToken(
      @Schema(description = "Pass as pagination[page_token] for the next page; null on the last.")
          @JsonProperty("next_page_token")
          String nextPageToken) {}

  @Schema(name = "SyncSourcePage")
  record SyncSourcePage(
      @Schema(required = true) SyncSources data, @Schema(required = true) PageToken pagination) {}

  @Schema(name = "SyncSources")
  record SyncSources(
      @Schema(required = true) @JsonProperty("sync_sources") List<SyncSource> syncSources) {}

  @Schema(name = "DetectionRulePage")
  record DetectionRulePage(
      @Schema(required = true) DetectionRules data,
      @Schema(required = true) PageToken pagination) {}

  @Schema(name = "DetectionRules")
  record DetectionRules(
      @Schema(required = true) @JsonProperty("detection_rules") List<DetectionRule> rules) {}

  @Schema(name = "SyncAttemptPage")
  record SyncAttemptPage(
      @Schema(required = true) SyncAttempts data, @Schema(required = true) PageToken pagination) {}

  @Schema(name = "SyncAttempts")
  record SyncAttempts(
      @Schema(required = true) @JsonProperty("sync_attempts") List<SyncAttempt> attempts) {}

  /** The zipball upload's answer, field for field what scanner-cli relays. */
  @Schema(name = "SyncResult")
  record SyncResult(
      @Schema(required = true) @JsonProperty("push_key") String pushKey,
      @Schema(required = true) String branch,
      @Schema(required = true) @JsonProperty("commit_sha") String commitSha,
      @JsonProperty("commit_message") String commitMessage,
      @Schema(required = true) @JsonProperty("detection_rules_synced") int detectionRulesSynced,
      @Schema(required = true) @JsonProperty("detection_rules_deleted") int detectionRulesDeleted,
      @Schema(required = true) List<FileFailure> failures,
      @Schema(required = true) List<FileWarning> warnings) {}

  @Schema(name = "FileFailure")
  record FileFailure(
      @Schema(required = true) @JsonProperty("file_path") String filePath,
      @Schema(required = true) @JsonProperty("check_status") String checkStatus,
      @Schema(required = true) String reason) {}

  @Schema(name = "FileWarning")
  record FileWarning(
      @Schema(required = true) @JsonProperty("file_path") String filePath,
      @JsonProperty("detection_rule_id") UUID detectionRuleId,
      @Schema(required = true) List<String> messages) {}

  /** The zipball upload's form. */
  @Schema(name = "ZipballUpload")
  record ZipballUpload(
      @Schema(required = true) @JsonProperty("push_key") String pushKey,
      @Schema(required = true) String branch,
      @Schema(required = true) @JsonProperty("commit_sha") String commitSha,
      @JsonProperty("commit_message") String commitMessage,
      @Schema(
              required = true,
              type = SchemaType.STRING,
              format = "binary",
              description = "The repository as a zip (at most 50 MiB).")
          byte[] zip) {}

  /** {@code validate}'s answer: a mistake in the rule is an answer, not an error. */
  @Schema(name = "RuleValidation")
  record RuleValidation(
      @Schema(required = true) @JsonProperty("is_valid") boolean valid,
      String error,
      String warning) {}

  /** {@code run_tests}' answer: each inline test's outcome by name. */
  @Schema(name = "RuleTestResults")
  record RuleTestResults(@Schema(required = true) Map<String, String> results) {}

  /** {@code sync_github_repositories}' answer. */
  @Schema(name = "SyncTriggered")
  record SyncTriggered(@Schema(required = true) @JsonProperty("tenant_id") UUID tenantId) {}
}
