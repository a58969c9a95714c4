package dev.vigil.sync.service;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.sync.DetectionRuleEvent;
import dev.vigil.contracts.events.sync.SyncAttemptEvent;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.outbox.JdbcOutbox;
import dev.vigil.sync.domain.repo.ArchiveException;
import dev.vigil.sync.domain.repo.RepositorySnapshot;
import dev.vigil.sync.domain.repo.SyncPlanner;
import dev.vigil.sync.domain.repo.SyncPlanner.FileFailure;
import dev.vigil.sync.domain.repo.SyncPlanner.Plan;
import dev.vigil.sync.domain.repo.SyncPlanner.RuleFile;
import dev.vigil.sync.domain.repo.ZipballReader;
import dev.vigil.sync.domain.rules.DetectionRuleDefinition;
import dev.vigil.sync.domain.rules.InputLimitExceeded;
import dev.vigil.sync.domain.rules.RuleFailure;
import dev.vigil.sync.domain.rules.RuleTestRunner;
import dev.vigil.sync.domain.rules.RuleValidator;
import dev.vigil.sync.domain.rules.SyncConfig;
import dev.vigil.sync.persistence.DetectionRuleRow;
import dev.vigil.sync.persistence.SyncAttemptRow;
import dev.vigil.sync.persistence.SyncSourceRow;
import dev.vigil.sync.persistence.SyncStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sync sources and their syncs: validate → test → materialize, all or nothing, one sync of a source
 * at a time (the source row is locked while its rules are reconciled), every change with its events
 * in the same transaction.
 */
@ApplicationScoped
public class SyncService {

  static final String EVENT_SOURCE = "/vigil/sync-service";
  private static final Logger LOG = Logger.getLogger(SyncService.class);
  private static final int MAX_COMMIT_MESSAGE = 65_536;

  private final Transactions tx;

  public SyncService(Transactions tx) {
    this.tx = tx;
  }

  // ---- sources ----

  public SyncSourceRow createSource(SyncSourceRow source) {
    tx.inTransaction(
        c -> {
          SyncStore.insertSource(c, source);
          return null;
        });
    return source;
  }

  public List<SyncSourceRow> sources(UUID tenant, UUID after, int limit) {
    return tx.inTransaction(c -> SyncStore.sources(c, tenant, after, limit));
  }

  public SyncSourceRow source(UUID tenant, UUID id) {
    return tx.inTransaction(c -> SyncStore.source(c, tenant, id, false))
        .orElseThrow(() -> ApiException.notFound("Sync source not found"));
  }

  /** Deletes a source and its rules, with a {@code detection-rule.deleted} event per rule. */
  public void deleteSource(UUID tenant, UUID id) {
    tx.inTransaction(
        c -> {
          SyncSourceRow source =
              SyncStore.source(c, tenant, id, true)
                  .orElseThrow(() -> ApiException.notFound("Sync source not found"));
          List<JdbcOutbox.Keyed> events = new ArrayList<>();
          for (DetectionRuleRow rule : SyncStore.rulesOfSource(c, source.id())) {
            events.add(ruleEvent(EventType.DETECTION_RULE_DELETED, rule, null));
          }
          SyncStore.deleteSource(c, tenant, id);
          JdbcOutbox.append(c, events);
          return null;
        });
  }

  public List<SyncAttemptRow> attempts(UUID tenant, UUID sourceId, int limit) {
    return tx.inTransaction(
        c -> {
          SyncStore.source(c, tenant, sourceId, false)
              .orElseThrow(() -> ApiException.notFound("Sync source not found"));
          return SyncStore.attempts(c, tenant, sourceId, limit);
        });
  }

  public List<DetectionRuleRow> rules(UUID tenant, UUID sourceId, UUID after, int limit) {
    return tx.inTransaction(
        c -> {
          if (sourceId != null) {
            SyncStore.source(c, tenant, sourceId, false)
                .orElseThrow(() -> ApiException.notFound("Sync source not found"));
          }
          return SyncStore.rules(c, tenant, sourceId, after, limit);
        });
  }

  /** The rules upserted by push key: they belong to no sync source. */
  public List<DetectionRuleRow> upsertedRules(UUID tenant, UUID after, int limit) {
    return tx.inTransaction(c -> SyncStore.upsertedRules(c, tenant, after, limit));
  }

  public DetectionRuleRow rule(UUID tenant, UUID id) {
    return tx.inTransaction(c -> SyncStore.rule(c, tenant, id))
        .orElseThrow(() -> ApiException.notFound("Detection rule not found"));
  }

  // ---- syncs ----

  /** {@code POST /v1/upload_git_repo_zipball}: syncs a push source from an uploaded zip. */
  public SyncResult upload(
      UUID tenant, String pushKey, String branch, String commitSha, String message, Path zip) {
    SyncSourceRow source =
        tx.inTransaction(c -> SyncStore.pushSource(c, tenant, pushKey, branch))
            .orElseThrow(
                () -> ApiException.notFound("No push sync source with this push_key and branch"));
    try {
      return sync(source, ZipballReader.read(zip, false), commitSha, message);
    } catch (ArchiveException e) {
      // A hostile or unreadable zip is the client's mistake: 400, nothing written, no attempt.
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /**
   * Plans and applies a sync of a source from a snapshot, recording the attempt; with any failure
   * nothing but the failed attempt is written.
   *
   * @throws ArchiveException when a file is beyond a safety limit; nothing is written
   */
  public SyncResult sync(
      SyncSourceRow source, RepositorySnapshot snapshot, String commitSha, String message)
      throws ArchiveException {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MICROS);
    String commitMessage =
        message == null || message.isEmpty() ? "pushed at " + started : truncate(message);
    Plan plan = SyncPlanner.plan(snapshot, source.directory(), source.syncConfigPath());
    return tx.inTransaction(
        c -> {
          // Serialises syncs of one source: the second waits here until the first commits.
          SyncStore.source(c, source.tenantId(), source.id(), true)
              .orElseThrow(() -> ApiException.notFound("Sync source not found"));
          return plan.ok()
              ? reconcile(c, source, plan, commitSha, commitMessage, started)
              : recordFailure(c, source, plan, commitSha, commitMessage, started);
        });
  }

  /** Records a polled sync that failed before any rule was read (fetch or archive error). */
  public void recordError(SyncSourceRow source, String commitSha, String error) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    tx.inTransaction(
        c -> {
          UUID attemptId = UUID.randomUUID();
          SyncStore.insertAttempt(
              c,
              source.tenantId(),
              new SyncAttemptRow(
                  attemptId,
                  source.id(),
                  "failed",
                  commitSha,
                  null,
                  0,
                  0,
                  "[]",
                  "[]",
                  error,
                  now,
                  now));
          JdbcOutbox.append(
              c,
              List.of(
                  attemptEvent(
                      EventType.SYNC_ATTEMPT_FAILED, source, attemptId, commitSha, 0, 0, error)));
          return null;
        });
  }

  private SyncResult recordFailure(
      Connection c,
      SyncSourceRow source,
      Plan plan,
      String commitSha,
      String commitMessage,
      Instant started)
      throws SQLException {
    UUID attemptId = UUID.randomUUID();
    String error =
        plan.failures().size()
            + " rule file(s) failed: "
            + String.join(
                ", ", plan.failures().stream().limit(5).map(FileFailure::filePath).toList());
    List<SyncResult.Warning> warnings = warnings(plan, Map.of());
    SyncStore.insertAttempt(
        c,
        source.tenantId(),
        new SyncAttemptRow(
            attemptId,
            source.id(),
            "failed",
            commitSha,
            commitMessage,
            0,
            0,
            Json.write(plan.failures()),
            Json.write(warnings),
            error,
            started,
            Instant.now()));
    JdbcOutbox.append(
        c,
        List.of(
            attemptEvent(
                EventType.SYNC_ATTEMPT_FAILED, source, attemptId, commitSha, 0, 0, error)));
    return new SyncResult(
        attemptId,
        source.pushKey(),
        source.branch(),
        commitSha,
        commitMessage,
        0,
        0,
        plan.failures(),
        warnings);
  }

  private SyncResult reconcile(
      Connection c,
      SyncSourceRow source,
      Plan plan,
      String commitSha,
      String commitMessage,
      Instant started)
      throws SQLException {
    Map<String, DetectionRuleRow> existing = new HashMap<>();
    for (DetectionRuleRow row : SyncStore.rulesOfSource(c, source.id())) {
      existing.put(row.filePath(), row);
    }
    List<JdbcOutbox.Keyed> events = new ArrayList<>();
    Map<String, UUID> ids = new HashMap<>();
    Set<String> kept = new HashSet<>();
    List<DetectionRuleRow> written = new ArrayList<>();
    for (RuleFile file : plan.rules()) {
      DetectionRuleRow previous = existing.get(file.path());
      kept.add(file.path());
      UUID id = previous == null ? UUID.randomUUID() : previous.id();
      ids.put(file.path(), id);
      if (previous != null && previous.sha256().equals(file.sha256())) {
        continue;
      }
      DetectionRuleRow row =
          row(
              id,
              source.tenantId(),
              source.id(),
              file.path(),
              file.text(),
              file.sha256(),
              file.rule(),
              previous,
              started);
      written.add(row);
      events.add(ruleEvent(EventType.DETECTION_RULE_UPSERTED, row, file.text()));
    }
    SyncStore.upsertRules(c, written);
    int synced = written.size();
    List<UUID> gone = new ArrayList<>();
    for (DetectionRuleRow row : existing.values()) {
      if (!kept.contains(row.filePath())) {
        gone.add(row.id());
        events.add(ruleEvent(EventType.DETECTION_RULE_DELETED, row, null));
      }
    }
    SyncStore.deleteRules(c, gone);
    UUID attemptId = UUID.randomUUID();
    List<SyncResult.Warning> warnings = warnings(plan, ids);
    SyncStore.insertAttempt(
        c,
        source.tenantId(),
        new SyncAttemptRow(
            attemptId,
            source.id(),
            "succeeded",
            commitSha,
            commitMessage,
            synced,
            gone.size(),
            "[]",
            Json.write(warnings),
            null,
            started,
            Instant.now()));
    SyncStore.markSynced(c, source.id(), commitSha, started);
    events.add(
        attemptEvent(
            EventType.SYNC_ATTEMPT_SUCCEEDED,
            source,
            attemptId,
            commitSha,
            synced,
            gone.size(),
            null));
    JdbcOutbox.append(c, events);
    LOG.infof(
        "sync source %s synced %s: %d rule(s) created or updated, %d deleted",
        source.id(), commitSha, synced, gone.size());
    return new SyncResult(
        attemptId,
        source.pushKey(),
        source.branch(),
        commitSha,
        commitMessage,
        synced,
        gone.size(),
        List.of(),
        warnings);
  }

  // ---- single rules ----

  /** The answer of an upsert by push key. */
  public record Upserted(DetectionRuleRow rule, boolean created) {}

  /**
   * {@code POST /v1/detection_rule_yaml/upsert_by_push_key}: creates or updates, never deletes. The
   * rule belongs to no sync source (its {@code sync_source_id} and {@code file_path} are null), so
   * no upload or poll reconciles it away; a push key that a synced rule of the tenant declares is
   * refused (409), as Scanner says the two flows must not share rules.
   */
  public Upserted upsertByPushKey(UUID tenant, String ruleYaml, String syncConfigYaml) {
    SyncConfig config;
    try {
      config = SyncConfig.parse(syncConfigYaml);
    } catch (SyncConfig.InvalidSyncConfig | InputLimitExceeded e) {
      throw ApiException.badRequest("sync_config_yaml: " + e.getMessage());
    }
    RuleValidator.Outcome outcome;
    try {
      outcome = RuleValidator.validate(ruleYaml, Optional.of(config));
    } catch (InputLimitExceeded e) {
      throw ApiException.badRequest("rule_yaml: " + e.getMessage());
    }
    RuleFailure failure = outcome.failure();
    if (failure == null) {
      failure = RuleTestRunner.failure(RuleTestRunner.run(outcome.rule()));
    }
    if (failure != null) {
      throw ApiException.badRequest(failure.checkStatus() + ": " + failure.reason());
    }
    DetectionRuleDefinition rule = outcome.rule();
    if (rule.syncKey() == null) {
      throw ApiException.badRequest("rule_yaml must declare a push_key (or legacy sync_key)");
    }
    String sha = SyncPlanner.sha256(ruleYaml);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return tx.inTransaction(
        c -> {
          // One owner per rule: a key a sync source's file declares is changed in that repository.
          Optional<DetectionRuleRow> synced =
              SyncStore.syncedRuleWithKey(c, tenant, rule.syncKey());
          if (synced.isPresent()) {
            throw ApiException.conflict(
                "push_key '"
                    + rule.syncKey()
                    + "' belongs to the rule in "
                    + synced.get().filePath()
                    + " of sync source "
                    + synced.get().syncSourceId()
                    + "; change it in that repository");
          }
          Optional<DetectionRuleRow> previous = SyncStore.ruleByPushKey(c, tenant, rule.syncKey());
          UUID id = previous.map(DetectionRuleRow::id).orElseGet(UUID::randomUUID);
          DetectionRuleRow row =
              row(id, tenant, null, null, ruleYaml, sha, rule, previous.orElse(null), now);
          if (previous.isEmpty() || !previous.get().sha256().equals(sha)) {
            SyncStore.upsertRule(c, row);
            JdbcOutbox.append(
                c, List.of(ruleEvent(EventType.DETECTION_RULE_UPSERTED, row, ruleYaml)));
          } else {
            row = previous.get();
          }
          return new Upserted(row, previous.isEmpty());
        });
  }

  // ---- helpers ----

  private static List<SyncResult.Warning> warnings(Plan plan, Map<String, UUID> ids) {
    List<SyncResult.Warning> warnings = new ArrayList<>();
    for (RuleFile file : plan.rules()) {
      if (!file.warnings().isEmpty()) {
        warnings.add(new SyncResult.Warning(file.path(), ids.get(file.path()), file.warnings()));
      }
    }
    return List.copyOf(warnings);
  }

  private static DetectionRuleRow row(
      UUID id,
      UUID tenant,
      UUID sourceId,
      String path,
      String text,
      String sha,
      DetectionRuleDefinition rule,
      DetectionRuleRow previous,
      Instant now) {
    return new DetectionRuleRow(
        id,
        tenant,
        sourceId,
        path,
        rule.syncKey(),
        rule.name(),
        rule.description(),
        rule.severity(),
        rule.enabledState(),
        rule.queryText(),
        rule.timeRangeS(),
        rule.runFrequencyS(),
        Json.write(rule.tags()),
        Json.write(rule.eventSinkKeys()),
        Json.write(rule.eventSinkIds()),
        Json.writeOrNull(rule.alertTemplate()),
        rule.dedupWindowS(),
        rule.alertPerRow(),
        text,
        sha,
        previous == null ? now : previous.createdAt(),
        now);
  }

  private static JdbcOutbox.Keyed ruleEvent(EventType type, DetectionRuleRow row, String content) {
    String path = row.filePath() != null ? row.filePath() : row.syncKey();
    DetectionRuleEvent data =
        new DetectionRuleEvent(
            row.syncSourceId(), row.id(), row.name(), path, row.sha256(), content);
    UUID key = row.syncSourceId() != null ? row.syncSourceId() : row.id();
    return new JdbcOutbox.Keyed(
        CloudEvent.of(type, EVENT_SOURCE, row.id().toString(), row.tenantId(), data),
        key.toString());
  }

  private static JdbcOutbox.Keyed attemptEvent(
      EventType type,
      SyncSourceRow source,
      UUID attemptId,
      String commitSha,
      int upserted,
      int deleted,
      String error) {
    String what = source.kind().equals(SyncSourceRow.PUSH) ? source.pushKey() : source.repository();
    SyncAttemptEvent data =
        new SyncAttemptEvent(source.id(), attemptId, what, commitSha, upserted, deleted, error);
    return new JdbcOutbox.Keyed(
        CloudEvent.of(type, EVENT_SOURCE, source.id().toString(), source.tenantId(), data),
        source.id().toString());
  }

  private static String truncate(String message) {
    return message.length() > MAX_COMMIT_MESSAGE
        ? message.substring(0, MAX_COMMIT_MESSAGE)
        : message;
  }
}
