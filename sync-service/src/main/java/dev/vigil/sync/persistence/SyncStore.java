package dev.vigil.sync.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL for sync sources, attempts and detection rules, on the caller's JDBC connection (and so its
 * transaction). Every read that takes an id also takes the tenant: another tenant's row is absent.
 */
public final class SyncStore {

  private static final String SOURCE_COLUMNS =
      "id, tenant_id, kind, push_key, branch, repo_connection_id, repository, directory,"
          + " sync_config_path, last_commit_sha, last_synced_at, created_at";
  private static final String ATTEMPT_COLUMNS =
      "id, sync_source_id, status, commit_sha, commit_message, rules_synced, rules_deleted,"
          + " failures::text, warnings::text, error, started_at, finished_at";
  private static final String RULE_COLUMNS =
      "id, tenant_id, sync_source_id, file_path, sync_key, name, description, severity,"
          + " enabled_state, query_text, time_range_s, run_frequency_s, tags::text,"
          + " event_sink_keys::text, event_sink_ids::text, alert_template::text, dedup_window_s,"
          + " alert_per_row, rule_yaml, sha256, created_at, updated_at";

  // PostgreSQL orders uuids as unsigned bytes: the all-zero uuid sorts first.
  private static final UUID FIRST = new UUID(0, 0);

  private SyncStore() {}

  // ---- sources ----

  public static void insertSource(Connection c, SyncSourceRow s) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO sync_source (id, tenant_id, kind, push_key, branch, repo_connection_id,"
                + " repository, directory, sync_config_path, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setObject(1, s.id());
      ps.setObject(2, s.tenantId());
      ps.setString(3, s.kind());
      ps.setString(4, s.pushKey());
      ps.setString(5, s.branch());
      ps.setString(6, s.repoConnectionId());
      ps.setString(7, s.repository());
      ps.setString(8, s.directory());
      ps.setString(9, s.syncConfigPath());
      ps.setTimestamp(10, Timestamp.from(s.createdAt()));
      ps.executeUpdate();
    }
  }

  public static Optional<SyncSourceRow> source(Connection c, UUID tenant, UUID id, boolean lock)
      throws SQLException {
    return oneSource(
        c,
        "SELECT "
            + SOURCE_COLUMNS
            + " FROM sync_source WHERE tenant_id = ? AND id = ?"
            + (lock ? " FOR UPDATE" : ""),
        tenant,
        id);
  }

  public static Optional<SyncSourceRow> pushSource(
      Connection c, UUID tenant, String pushKey, String branch) throws SQLException {
    return oneSource(
        c,
        "SELECT "
            + SOURCE_COLUMNS
            + " FROM sync_source"
            + " WHERE tenant_id = ? AND kind = 'push' AND push_key = ? AND branch = ?",
        tenant,
        pushKey,
        branch);
  }

  public static List<SyncSourceRow> sources(Connection c, UUID tenant, UUID after, int limit)
      throws SQLException {
    return manySources(
        c,
        "SELECT "
            + SOURCE_COLUMNS
            + " FROM sync_source WHERE tenant_id = ? AND id > ?"
            + " ORDER BY id LIMIT ?",
        tenant,
        after == null ? FIRST : after,
        limit);
  }

  /** Polled sources, of one tenant or (tenant null) of all. */
  public static List<SyncSourceRow> polledSources(Connection c, UUID tenant) throws SQLException {
    return tenant == null
        ? manySources(
            c,
            "SELECT "
                + SOURCE_COLUMNS
                + " FROM sync_source WHERE kind = 'github_polled'"
                + " ORDER BY id LIMIT 10000")
        : manySources(
            c,
            "SELECT "
                + SOURCE_COLUMNS
                + " FROM sync_source WHERE kind = 'github_polled'"
                + " AND tenant_id = ? ORDER BY id LIMIT 10000",
            tenant);
  }

  public static boolean deleteSource(Connection c, UUID tenant, UUID id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM sync_source WHERE tenant_id = ? AND id = ?")) {
      ps.setObject(1, tenant);
      ps.setObject(2, id);
      return ps.executeUpdate() == 1;
    }
  }

  public static void markSynced(Connection c, UUID sourceId, String sha, Instant at)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE sync_source SET last_commit_sha = ?, last_synced_at = ? WHERE id = ?")) {
      ps.setString(1, sha);
      ps.setTimestamp(2, Timestamp.from(at));
      ps.setObject(3, sourceId);
      ps.executeUpdate();
    }
  }

  private static Optional<SyncSourceRow> oneSource(Connection c, String sql, Object... params)
      throws SQLException {
    List<SyncSourceRow> rows = manySources(c, sql, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private static List<SyncSourceRow> manySources(Connection c, String sql, Object... params)
      throws SQLException {
    return query(c, sql, SyncStore::sourceRow, params);
  }

  private static SyncSourceRow sourceRow(ResultSet rs) throws SQLException {
    return new SyncSourceRow(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        instant(rs, 11),
        instant(rs, 12));
  }

  // ---- attempts ----

  public static void insertAttempt(Connection c, UUID tenant, SyncAttemptRow a)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO sync_attempt (id, tenant_id, sync_source_id, status, commit_sha,"
                + " commit_message, rules_synced, rules_deleted, failures, warnings, error,"
                + " started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb,"
                + " ?, ?, ?)")) {
      ps.setObject(1, a.id());
      ps.setObject(2, tenant);
      ps.setObject(3, a.syncSourceId());
      ps.setString(4, a.status());
      ps.setString(5, a.commitSha());
      ps.setString(6, a.commitMessage());
      ps.setInt(7, a.rulesSynced());
      ps.setInt(8, a.rulesDeleted());
      ps.setString(9, a.failuresJson());
      ps.setString(10, a.warningsJson());
      ps.setString(11, a.error());
      ps.setTimestamp(12, Timestamp.from(a.startedAt()));
      ps.setTimestamp(13, Timestamp.from(a.finishedAt()));
      ps.executeUpdate();
    }
  }

  public static List<SyncAttemptRow> attempts(Connection c, UUID tenant, UUID sourceId, int limit)
      throws SQLException {
    return query(
        c,
        "SELECT "
            + ATTEMPT_COLUMNS
            + " FROM sync_attempt WHERE tenant_id = ?"
            + " AND sync_source_id = ? ORDER BY started_at DESC, id LIMIT ?",
        SyncStore::attemptRow,
        tenant,
        sourceId,
        limit);
  }

  private static SyncAttemptRow attemptRow(ResultSet rs) throws SQLException {
    return new SyncAttemptRow(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getInt(6),
        rs.getInt(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        instant(rs, 11),
        instant(rs, 12));
  }

  // ---- rules ----

  public static List<DetectionRuleRow> rulesOfSource(Connection c, UUID sourceId)
      throws SQLException {
    return manyRules(
        c, "SELECT " + RULE_COLUMNS + " FROM detection_rule WHERE sync_source_id = ?", sourceId);
  }

  public static List<DetectionRuleRow> rules(
      Connection c, UUID tenant, UUID sourceId, UUID after, int limit) throws SQLException {
    UUID from = after == null ? FIRST : after;
    return sourceId == null
        ? manyRules(
            c,
            "SELECT "
                + RULE_COLUMNS
                + " FROM detection_rule WHERE tenant_id = ? AND id > ?"
                + " ORDER BY id LIMIT ?",
            tenant,
            from,
            limit)
        : manyRules(
            c,
            "SELECT "
                + RULE_COLUMNS
                + " FROM detection_rule WHERE tenant_id = ?"
                + " AND sync_source_id = ? AND id > ? ORDER BY id LIMIT ?",
            tenant,
            sourceId,
            from,
            limit);
  }

  /** The rules upserted by push key (they belong to no sync source), in id order. */
  public static List<DetectionRuleRow> upsertedRules(
      Connection c, UUID tenant, UUID after, int limit) throws SQLException {
    return manyRules(
        c,
        "SELECT "
            + RULE_COLUMNS
            + " FROM detection_rule WHERE tenant_id = ? AND sync_source_id IS NULL AND id > ?"
            + " ORDER BY id LIMIT ?",
        tenant,
        after == null ? FIRST : after,
        limit);
  }

  /** A rule synced from one of the tenant's sources that declares this push key, if any. */
  public static Optional<DetectionRuleRow> syncedRuleWithKey(Connection c, UUID tenant, String key)
      throws SQLException {
    List<DetectionRuleRow> rows =
        manyRules(
            c,
            "SELECT "
                + RULE_COLUMNS
                + " FROM detection_rule WHERE tenant_id = ? AND sync_key = ?"
                + " AND sync_source_id IS NOT NULL ORDER BY id LIMIT 1",
            tenant,
            key);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public static Optional<DetectionRuleRow> rule(Connection c, UUID tenant, UUID id)
      throws SQLException {
    List<DetectionRuleRow> rows =
        manyRules(
            c,
            "SELECT " + RULE_COLUMNS + " FROM detection_rule WHERE tenant_id = ? AND id = ?",
            tenant,
            id);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** The rule upserted by push key, locked for the update. */
  public static Optional<DetectionRuleRow> ruleByPushKey(Connection c, UUID tenant, String key)
      throws SQLException {
    List<DetectionRuleRow> rows =
        manyRules(
            c,
            "SELECT "
                + RULE_COLUMNS
                + " FROM detection_rule WHERE tenant_id = ?"
                + " AND sync_source_id IS NULL AND sync_key = ? FOR UPDATE",
            tenant,
            key);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** Inserts or (same id) replaces a rule's content; created_at is kept on update. */
  public static void upsertRule(Connection c, DetectionRuleRow r) throws SQLException {
    upsertRules(c, List.of(r));
  }

  /**
   * {@link #upsertRule} for many rules in one JDBC batch: a 1,000-rule upload is then a few round
   * trips instead of one per rule.
   */
  public static void upsertRules(Connection c, List<DetectionRuleRow> rules) throws SQLException {
    if (rules.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO detection_rule (id, tenant_id, sync_source_id, file_path, sync_key, name,"
                + " description, severity, enabled_state, query_text, time_range_s,"
                + " run_frequency_s, tags, event_sink_keys, event_sink_ids, alert_template,"
                + " dedup_window_s, alert_per_row, rule_yaml, sha256, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb,"
                + " ?::jsonb, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET file_path = EXCLUDED.file_path,"
                + " sync_key = EXCLUDED.sync_key, name = EXCLUDED.name,"
                + " description = EXCLUDED.description, severity = EXCLUDED.severity,"
                + " enabled_state = EXCLUDED.enabled_state, query_text = EXCLUDED.query_text,"
                + " time_range_s = EXCLUDED.time_range_s,"
                + " run_frequency_s = EXCLUDED.run_frequency_s, tags = EXCLUDED.tags,"
                + " event_sink_keys = EXCLUDED.event_sink_keys,"
                + " event_sink_ids = EXCLUDED.event_sink_ids,"
                + " alert_template = EXCLUDED.alert_template,"
                + " dedup_window_s = EXCLUDED.dedup_window_s,"
                + " alert_per_row = EXCLUDED.alert_per_row, rule_yaml = EXCLUDED.rule_yaml,"
                + " sha256 = EXCLUDED.sha256, updated_at = EXCLUDED.updated_at")) {
      for (DetectionRuleRow r : rules) {
        bindRule(ps, r);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void bindRule(PreparedStatement ps, DetectionRuleRow r) throws SQLException {
    ps.setObject(1, r.id());
    ps.setObject(2, r.tenantId());
    ps.setObject(3, r.syncSourceId());
    ps.setString(4, r.filePath());
    ps.setString(5, r.syncKey());
    ps.setString(6, r.name());
    ps.setString(7, r.description());
    ps.setString(8, r.severity());
    ps.setString(9, r.enabledState());
    ps.setString(10, r.queryText());
    ps.setInt(11, r.timeRangeS());
    ps.setInt(12, r.runFrequencyS());
    ps.setString(13, r.tagsJson());
    ps.setString(14, r.eventSinkKeysJson());
    ps.setString(15, r.eventSinkIdsJson());
    ps.setString(16, r.alertTemplateJson());
    if (r.dedupWindowS() == null) {
      ps.setNull(17, Types.INTEGER);
    } else {
      ps.setInt(17, r.dedupWindowS());
    }
    if (r.alertPerRow() == null) {
      ps.setNull(18, Types.BOOLEAN);
    } else {
      ps.setBoolean(18, r.alertPerRow());
    }
    ps.setString(19, r.ruleYaml());
    ps.setString(20, r.sha256());
    ps.setTimestamp(21, Timestamp.from(r.createdAt()));
    ps.setTimestamp(22, Timestamp.from(r.updatedAt()));
  }

  public static void deleteRules(Connection c, List<UUID> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM detection_rule WHERE id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      ps.executeUpdate();
    }
  }

  private static List<DetectionRuleRow> manyRules(Connection c, String sql, Object... params)
      throws SQLException {
    return query(c, sql, SyncStore::ruleRow, params);
  }

  private static DetectionRuleRow ruleRow(ResultSet rs) throws SQLException {
    int dedup = rs.getInt(17);
    Integer dedupWindow = rs.wasNull() ? null : dedup;
    boolean perRow = rs.getBoolean(18);
    Boolean alertPerRow = rs.wasNull() ? null : perRow;
    return new DetectionRuleRow(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getObject(3, UUID.class),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getInt(11),
        rs.getInt(12),
        rs.getString(13),
        rs.getString(14),
        rs.getString(15),
        rs.getString(16),
        dedupWindow,
        alertPerRow,
        rs.getString(19),
        rs.getString(20),
        instant(rs, 21),
        instant(rs, 22));
  }

  /** Reads one row of a result set into a value. */
  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static <T> List<T> query(Connection c, String sql, RowReader<T> reader, Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(reader.read(rs));
        }
        return rows;
      }
    }
  }

  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
