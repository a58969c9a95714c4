package dev.vigil.scanning.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.scanning.domain.SarifRule;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The SQL of upload processing, over one JDBC connection whose transaction the caller owns: the
 * upload's status, analyses, rules, alert numbers and the fixed/reopened transitions at the end.
 * Results are written by {@link ResultBatch}.
 */
public final class ProcessingStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String ALERT_COLUMNS =
      "id, number, rule_id, path, tool_name, severity, security_severity_level";

  private ProcessingStore() {}

  /** An upload as the processor needs it. */
  public record UploadRow(
      UUID id,
      UUID tenantId,
      long repoId,
      String fullName,
      String commitSha,
      String ref,
      String checkoutUri,
      String toolName,
      String analysisKey,
      String environment,
      boolean validateOnly,
      String status,
      int attempts,
      Instant createdAt) {

    public boolean pending() {
      return SarifUploadEntity.PENDING.equals(status);
    }
  }

  /** What the read model knows about the repository at processing time. */
  public record RepoContext(String defaultBranch, String serviceMappingsJson) {

    public static final RepoContext UNKNOWN = new RepoContext(null, "[]");
  }

  /** The values of an analysis row. */
  public record AnalysisValues(
      int runIndex,
      String analysisKey,
      String environment,
      String category,
      String toolName,
      String toolVersion,
      String toolGuid,
      int resultsCount,
      int rulesCount,
      String warning) {}

  /** Everything the results of one run are written with. */
  public record RunScope(
      UUID tenantId,
      long repoId,
      UUID uploadId,
      long analysisId,
      String ref,
      String commitSha,
      String analysisKey,
      String environment,
      String category,
      String toolName,
      String toolGuid,
      String toolVersion) {}

  /** An alert whose state changed (or that was created), for its event. */
  public record AlertChange(
      long id,
      long number,
      String ruleId,
      String path,
      String toolName,
      String severity,
      String securitySeverityLevel) {}

  // --- uploads -------------------------------------------------------------------------------

  public static UploadRow loadUpload(Connection c, UUID id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, tenant_id, repo_id, full_name, commit_sha, ref, checkout_uri, tool_name,"
                + " analysis_key, environment, validate_only, status, attempts, created_at"
                + " FROM sarif_upload WHERE id = ?")) {
      s.setObject(1, id);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        return new UploadRow(
            r.getObject(1, UUID.class),
            r.getObject(2, UUID.class),
            r.getLong(3),
            r.getString(4),
            r.getString(5),
            r.getString(6),
            r.getString(7),
            r.getString(8),
            r.getString(9),
            r.getString(10),
            r.getBoolean(11),
            r.getString(12),
            r.getInt(13),
            r.getTimestamp(14).toInstant());
      }
    }
  }

  /** Counts an attempt (in its own transaction, so that a crash still counts). */
  public static int countAttempt(Connection c, UUID id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE sarif_upload SET attempts = attempts + 1 WHERE id = ? RETURNING attempts")) {
      s.setObject(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getInt(1) : 0;
      }
    }
  }

  /**
   * Locks the repository row for the transaction: one upload of a repository is processed at a
   * time, across replicas. {@code FOR NO KEY UPDATE}, not {@code FOR UPDATE}: storing a new upload
   * (whose foreign key takes {@code FOR KEY SHARE} on this row) must not wait for the processing.
   *
   * @return the next free alert number, or null when {@code skipLocked} and another holds it
   */
  public static Long lockRepository(Connection c, long repoId, boolean skipLocked)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT next_alert_number FROM scan_repository WHERE id = ? FOR NO KEY UPDATE"
                + (skipLocked ? " SKIP LOCKED" : ""))) {
      s.setLong(1, repoId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : null;
      }
    }
  }

  /** The repository's oldest pending upload that is not newer than the given one. */
  public static UUID oldestPending(Connection c, long repoId, Instant createdAt, UUID id)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id FROM sarif_upload WHERE repo_id = ? AND status = 'pending'"
                + " AND (created_at, id) <= (?, ?) ORDER BY created_at, id LIMIT 1")) {
      s.setLong(1, repoId);
      s.setTimestamp(2, Timestamp.from(createdAt));
      s.setObject(3, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getObject(1, UUID.class) : null;
      }
    }
  }

  /** Pending uploads created before {@code before}, oldest first. */
  public static List<UUID> stalePending(Connection c, Instant before, int limit)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id FROM sarif_upload WHERE status = 'pending' AND created_at <= ?"
                + " ORDER BY created_at, id LIMIT ?")) {
      s.setTimestamp(1, Timestamp.from(before));
      s.setInt(2, limit);
      List<UUID> ids = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getObject(1, UUID.class));
        }
      }
      return ids;
    }
  }

  public static RepoContext repoContext(Connection c, UUID tenantId, String fullName)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT default_branch, service_mappings FROM repo_connection"
                + " WHERE tenant_id = ? AND full_name_lower = ? AND connected"
                + " ORDER BY (platform = 'github') DESC, event_time LIMIT 1")) {
      s.setObject(1, tenantId);
      s.setString(2, RepoConnectionRepository.lower(fullName));
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? new RepoContext(r.getString(1), r.getString(2)) : RepoContext.UNKNOWN;
      }
    }
  }

  public static byte[] payload(Connection c, UUID uploadId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT gzip FROM sarif_payload WHERE upload_id = ?")) {
      s.setObject(1, uploadId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getBytes(1) : null;
      }
    }
  }

  public static void complete(Connection c, UUID uploadId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE sarif_upload SET status = 'complete', errors = NULL, processed_at = now()"
                + " WHERE id = ? AND status = 'pending'")) {
      s.setObject(1, uploadId);
      s.executeUpdate();
    }
  }

  public static void fail(Connection c, UUID uploadId, List<String> errors) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE sarif_upload SET status = 'failed', errors = ?, processed_at = now()"
                + " WHERE id = ? AND status = 'pending'")) {
      s.setString(1, json(errors));
      s.setObject(2, uploadId);
      s.executeUpdate();
    }
  }

  // --- analyses and rules --------------------------------------------------------------------

  public static long insertAnalysis(Connection c, UploadRow upload, AnalysisValues a)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO analysis (tenant_id, repo_id, upload_id, run_index, ref, commit_sha,"
                + " analysis_key, environment, category, tool_name, tool_version, tool_guid,"
                + " results_count, rules_count, warning, error)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '') RETURNING id")) {
      s.setObject(1, upload.tenantId());
      s.setLong(2, upload.repoId());
      s.setObject(3, upload.id());
      s.setInt(4, a.runIndex());
      s.setString(5, upload.ref());
      s.setString(6, upload.commitSha());
      s.setString(7, clean(a.analysisKey()));
      s.setString(8, clean(a.environment()));
      s.setString(9, clean(a.category()));
      s.setString(10, clean(a.toolName()));
      s.setString(11, clean(a.toolVersion()));
      s.setString(12, clean(a.toolGuid()));
      s.setInt(13, a.resultsCount());
      s.setInt(14, a.rulesCount());
      s.setString(15, clean(a.warning()));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Records the run's rules as the tool's latest metadata (first definition of an id wins). */
  public static void upsertRules(Connection c, long repoId, String toolName, List<SarifRule> rules)
      throws SQLException {
    if (rules.isEmpty()) {
      return;
    }
    Map<String, SarifRule> byId = new LinkedHashMap<>();
    for (SarifRule rule : rules) {
      if (rule.id() != null) {
        byId.putIfAbsent(rule.id(), rule);
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO scan_rule (repo_id, tool_name, rule_id, name, short_description,"
                + " full_description, help_text, help_markdown, help_uri, default_level, tags,"
                + " security_severity, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " now()) ON CONFLICT (repo_id, tool_name, rule_id) DO UPDATE SET"
                + " name = EXCLUDED.name, short_description = EXCLUDED.short_description,"
                + " full_description = EXCLUDED.full_description,"
                + " help_text = EXCLUDED.help_text, help_markdown = EXCLUDED.help_markdown,"
                + " help_uri = EXCLUDED.help_uri, default_level = EXCLUDED.default_level,"
                + " tags = EXCLUDED.tags, security_severity = EXCLUDED.security_severity,"
                + " updated_at = now()")) {
      int pending = 0;
      for (SarifRule rule : byId.values()) {
        s.setLong(1, repoId);
        s.setString(2, clean(toolName));
        s.setString(3, clean(rule.id()));
        s.setString(4, clean(rule.name()));
        s.setString(5, clean(rule.shortDescription()));
        s.setString(6, clean(rule.fullDescription()));
        s.setString(7, clean(rule.helpText()));
        s.setString(8, clean(rule.helpMarkdown()));
        s.setString(9, clean(rule.helpUri()));
        s.setString(10, rule.defaultLevel() == null ? null : rule.defaultLevel().wireName());
        s.setString(11, clean(json(rule.tags())));
        if (rule.securitySeverity() == null) {
          s.setNull(12, Types.DOUBLE);
        } else {
          s.setDouble(12, rule.securitySeverity());
        }
        s.addBatch();
        if (++pending == 500) {
          s.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        s.executeBatch();
      }
    }
  }

  // --- alert numbers, fixed / reopened ----------------------------------------------------

  public static void advanceAlertNumbers(Connection c, long repoId, long nextNumber)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE scan_repository SET next_alert_number = ? WHERE id = ?")) {
      s.setLong(1, nextNumber);
      s.setLong(2, repoId);
      s.executeUpdate();
    }
  }

  /** A set of analyses (ref + tool + category) this upload has an analysis of. */
  public record AnalysisSet(String toolName, String category, long newestAnalysisId) {}

  /**
   * Marks fixed the open instances on {@code ref} of the sets' alerts that this upload did not see:
   * GitHub's rule that an alert absent from the newest analysis of its ref + tool + category is
   * fixed there.
   *
   * @return ids of the alerts whose instance was fixed
   */
  public static List<Long> fixUnseen(
      Connection c,
      long repoId,
      String ref,
      UUID uploadId,
      String commitSha,
      List<AnalysisSet> sets)
      throws SQLException {
    if (sets.isEmpty()) {
      return List.of();
    }
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < sets.size(); i++) {
      values.append(i == 0 ? "" : ", ").append("(?, ?, ?::bigint)");
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE alert_instance i SET state = 'fixed', fixed_at = now(), commit_sha = ?,"
                + " analysis_id = v.analysis_id FROM (VALUES "
                + values
                + ") AS v (tool_name, category, analysis_id)"
                + " WHERE i.repo_id = ? AND i.ref = ? AND i.state = 'open' AND i.upload_id <> ?"
                + " AND i.tool_name = v.tool_name AND i.category = v.category"
                + " RETURNING i.alert_id")) {
      int n = 1;
      s.setString(n++, commitSha);
      for (AnalysisSet set : sets) {
        s.setString(n++, set.toolName());
        s.setString(n++, set.category());
        s.setLong(n++, set.newestAnalysisId());
      }
      s.setLong(n++, repoId);
      s.setString(n++, ref);
      s.setObject(n, uploadId);
      return ids(s);
    }
  }

  /**
   * Whether each alert is open where its state is decided: on the default branch when it has an
   * instance there, otherwise on any ref.
   */
  public static Map<Long, Boolean> openAtHome(Connection c, List<Long> alertIds, String defaultRef)
      throws SQLException {
    Map<Long, Boolean> open = new HashMap<>();
    if (alertIds.isEmpty()) {
      return open;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT alert_id, coalesce(bool_or(ref = ?), false),"
                + " coalesce(bool_or(ref = ? AND state = 'open'), false),"
                + " bool_or(state = 'open')"
                + " FROM alert_instance WHERE alert_id = ANY (?) GROUP BY alert_id")) {
      s.setString(1, defaultRef);
      s.setString(2, defaultRef);
      s.setArray(3, longs(c, alertIds));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          open.put(r.getLong(1), r.getBoolean(2) ? r.getBoolean(3) : r.getBoolean(4));
        }
      }
    }
    return open;
  }

  /**
   * Moves these alerts from {@code from} to {@code to} (only those still in {@code from}: a
   * concurrent dismissal wins).
   */
  public static List<AlertChange> transition(Connection c, List<Long> ids, String from, String to)
      throws SQLException {
    if (ids.isEmpty()) {
      return List.of();
    }
    String fixedAt = "fixed".equals(to) ? "now()" : "NULL";
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE alert SET state = ?, fixed_at = "
                + fixedAt
                + ", updated_at = now() WHERE id = ANY (?) AND state = ? RETURNING "
                + ALERT_COLUMNS)) {
      s.setString(1, to);
      s.setArray(2, longs(c, ids));
      s.setString(3, from);
      List<AlertChange> changed = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          changed.add(change(r));
        }
      }
      changed.sort((a, b) -> Long.compare(a.number(), b.number()));
      return changed;
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  private static AlertChange change(ResultSet r) throws SQLException {
    return new AlertChange(
        r.getLong(1),
        r.getLong(2),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        r.getString(6),
        r.getString(7));
  }

  private static List<Long> ids(PreparedStatement s) throws SQLException {
    return ids(s.executeQuery());
  }

  private static List<Long> ids(ResultSet resultSet) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (ResultSet r = resultSet) {
      while (r.next()) {
        ids.add(r.getLong(1));
      }
    }
    return ids;
  }

  static Array longs(Connection c, List<Long> values) throws SQLException {
    return c.createArrayOf("bigint", values.toArray());
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** The first 128 bits of a hex SHA-256 digest, as the {@code key_digest} uuid. */
  public static UUID digestKey(String sha256Hex) {
    return new UUID(
        Long.parseUnsignedLong(sha256Hex, 0, 16, 16),
        Long.parseUnsignedLong(sha256Hex, 16, 32, 16));
  }

  /** PostgreSQL text cannot hold NUL characters. */
  public static String clean(String value) {
    return value == null || value.indexOf('\u0000') < 0 ? value : value.replace("\u0000", "");
  }
}
