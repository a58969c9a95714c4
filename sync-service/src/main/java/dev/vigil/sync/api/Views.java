package dev.vigil.sync.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.sync.domain.repo.SyncPlanner.FileFailure;
import dev.vigil.sync.persistence.DetectionRuleRow;
import dev.vigil.sync.persistence.SyncAttemptRow;
import dev.vigil.sync.persistence.SyncSourceRow;
import dev.vigil.sync.service.SyncResult;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** JSON answers in Scanner's snake_case, built from rows (never the rows themselves). */
final class Views {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Views() {}

  static ObjectNode source(SyncSourceRow s) {
    ObjectNode o = F.objectNode();
    o.put("id", s.id().toString());
    o.put("tenant_id", s.tenantId().toString());
    o.put("kind", s.kind());
    if (s.kind().equals(SyncSourceRow.PUSH)) {
      o.put("push_key", s.pushKey());
    } else {
      o.put("repo_connection_id", s.repoConnectionId());
      o.put("repository", s.repository());
      o.put("directory", s.directory());
    }
    o.put("branch", s.branch());
    o.put("sync_config_path", s.syncConfigPath());
    o.put("last_commit_sha", s.lastCommitSha());
    o.put("last_synced_at", time(s.lastSyncedAt()));
    o.put("created_at", time(s.createdAt()));
    return o;
  }

  static ObjectNode attempt(SyncAttemptRow a) {
    ObjectNode o = F.objectNode();
    o.put("id", a.id().toString());
    o.put("sync_source_id", a.syncSourceId().toString());
    o.put("status", a.status());
    o.put("commit_sha", a.commitSha());
    o.put("commit_message", a.commitMessage());
    o.put("detection_rules_synced", a.rulesSynced());
    o.put("detection_rules_deleted", a.rulesDeleted());
    o.set("failures", parse(a.failuresJson()));
    o.set("warnings", parse(a.warningsJson()));
    o.put("error", a.error());
    o.put("started_at", time(a.startedAt()));
    o.put("finished_at", time(a.finishedAt()));
    return o;
  }

  static ObjectNode rule(DetectionRuleRow r) {
    ObjectNode o = F.objectNode();
    o.put("id", r.id().toString());
    o.put("tenant_id", r.tenantId().toString());
    o.put("sync_source_id", r.syncSourceId() == null ? null : r.syncSourceId().toString());
    o.put("file_path", r.filePath());
    o.put("sync_key", r.syncKey());
    o.put("name", r.name());
    o.put("description", r.description());
    o.put("severity", r.severity());
    o.put("enabled_state", r.enabledState());
    o.put("query_text", r.queryText());
    o.put("time_range_s", r.timeRangeS());
    o.put("run_frequency_s", r.runFrequencyS());
    o.set("tags", parse(r.tagsJson()));
    o.set("event_sink_keys", parse(r.eventSinkKeysJson()));
    o.set("event_sink_ids", parse(r.eventSinkIdsJson()));
    o.set(
        "alert_template",
        r.alertTemplateJson() == null ? F.nullNode() : parse(r.alertTemplateJson()));
    if (r.dedupWindowS() == null) {
      o.putNull("dedup_window_s");
    } else {
      o.put("dedup_window_s", r.dedupWindowS());
    }
    if (r.alertPerRow() == null) {
      o.putNull("alert_per_row");
    } else {
      o.put("alert_per_row", r.alertPerRow());
    }
    o.put("created_at", time(r.createdAt()));
    o.put("updated_at", time(r.updatedAt()));
    return o;
  }

  /** The upload answer, field for field what scanner-cli relays. */
  static ObjectNode syncResult(SyncResult result) {
    ObjectNode o = F.objectNode();
    o.put("push_key", result.pushKey());
    o.put("branch", result.branch());
    o.put("commit_sha", result.commitSha());
    o.put("commit_message", result.commitMessage());
    o.put("detection_rules_synced", result.detectionRulesSynced());
    o.put("detection_rules_deleted", result.detectionRulesDeleted());
    ArrayNode failures = o.putArray("failures");
    for (FileFailure failure : result.failures()) {
      failures
          .addObject()
          .put("file_path", failure.filePath())
          .put("check_status", failure.checkStatus().name())
          .put("reason", failure.reason());
    }
    ArrayNode warnings = o.putArray("warnings");
    for (SyncResult.Warning warning : result.warnings()) {
      ObjectNode w = warnings.addObject();
      w.put("file_path", warning.filePath());
      w.put(
          "detection_rule_id",
          warning.detectionRuleId() == null ? null : warning.detectionRuleId().toString());
      ArrayNode messages = w.putArray("messages");
      warning.messages().forEach(messages::add);
    }
    return o;
  }

  /** {@code {"data": {<name>: [...]}, "pagination": {"next_page_token": …}}}. */
  static ObjectNode page(String name, List<ObjectNode> items, UUID nextToken) {
    ObjectNode o = F.objectNode();
    ArrayNode array = o.putObject("data").putArray(name);
    items.forEach(array::add);
    o.putObject("pagination")
        .put("next_page_token", nextToken == null ? null : nextToken.toString());
    return o;
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON unreadable", e);
    }
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
