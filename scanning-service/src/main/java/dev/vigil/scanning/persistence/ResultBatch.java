package dev.vigil.scanning.persistence;

import dev.vigil.kit.jdbc.CopyRows;
import dev.vigil.scanning.persistence.ProcessingStore.AlertChange;
import dev.vigil.scanning.persistence.ProcessingStore.RunScope;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes one batch of a run's kept results (at most a few thousand, in document order): new alert
 * keys become alerts with the next numbers, existing alerts get their severities and tool
 * refreshed, and every alert gets its instance on the run's ref (open again if it had been fixed).
 * Results get no row of their own: the SARIF view of an analysis reads them back from the stored
 * upload ({@code StoredRun}).
 *
 * <p>New rows go in with COPY; existing alerts are found with one lookup through the unique
 * (repo_id, key_digest) index and updated from arrays. About eight round trips per batch, and no
 * plan that depends on table statistics.
 */
public final class ResultBatch {

  /** One kept result, as stored. */
  public record Row(
      int ordinal,
      UUID digest,
      String ruleId,
      String level,
      String securityLevel,
      String message,
      String path,
      Integer startLine,
      Integer endLine,
      Integer startColumn,
      Integer endColumn,
      String fingerprint,
      String partialFingerprints,
      String keyRule,
      String keyPath) {}

  /** Where a writer's time went, over all its batches, for the DEBUG line of each upload. */
  public static final class Timings {
    long lookupNanos;
    long alertNanos;
    long instanceNanos;
    long updateNanos;

    @Override
    public String toString() {
      return String.format(
          "lookup %d ms, alert COPY %d ms, instance COPY %d ms, updates %d ms",
          lookupNanos / 1_000_000,
          alertNanos / 1_000_000,
          instanceNanos / 1_000_000,
          updateNanos / 1_000_000);
    }
  }

  /** What writing a batch did. */
  public record Written(List<AlertChange> created, List<Long> fixedSeenAgain) {}

  private record Existing(
      long id,
      String state,
      String severity,
      String securityLevel,
      String toolVersion,
      String toolGuid) {}

  /** The sequence's increment (V7): a nextval reserves this many alert ids. */
  static final int ID_BLOCK = 1024;

  private ResultBatch() {}

  /**
   * Writes the batch.
   *
   * @param firstNumber the number the first new alert gets
   */
  public static Written write(
      Connection c, RunScope run, List<Row> rows, long firstNumber, Timings timings)
      throws SQLException {
    if (rows.isEmpty()) {
      return new Written(List.of(), List.of());
    }
    // First occurrence of each key in the batch: a key seen twice in a run is one alert.
    Map<UUID, Row> firstByKey = new LinkedHashMap<>();
    for (Row row : rows) {
      firstByKey.putIfAbsent(row.digest(), row);
    }
    long t0 = System.nanoTime();
    Map<UUID, Existing> existing = existing(c, run.repoId(), firstByKey.keySet());
    long t1 = System.nanoTime();
    timings.lookupNanos += t1 - t0;

    List<Row> fresh = new ArrayList<>();
    List<Long> fixedSeenAgain = new ArrayList<>();
    List<Row> stale = new ArrayList<>();
    List<Long> staleIds = new ArrayList<>();
    for (Row row : firstByKey.values()) {
      Existing e = existing.get(row.digest());
      if (e == null) {
        fresh.add(row);
        continue;
      }
      if (AlertEntity.FIXED.equals(e.state())) {
        fixedSeenAgain.add(e.id());
      }
      if (!Objects.equals(e.severity(), row.level())
          || !Objects.equals(e.securityLevel(), row.securityLevel())
          || !Objects.equals(e.toolVersion(), run.toolVersion())
          || !Objects.equals(e.toolGuid(), run.toolGuid())) {
        stale.add(row);
        staleIds.add(e.id());
      }
    }

    Map<UUID, Long> alertIds = new HashMap<>();
    existing.forEach((digest, e) -> alertIds.put(digest, e.id()));
    List<AlertChange> created = insertAlerts(c, run, fresh, firstNumber, alertIds);
    long t2 = System.nanoTime();
    timings.alertNanos += t2 - t1;
    if (!stale.isEmpty()) {
      refresh(c, run, stale, staleIds);
    }
    List<Row> newInstances = new ArrayList<>();
    List<Row> seenInstances = new ArrayList<>();
    for (Row row : firstByKey.values()) {
      (existing.containsKey(row.digest()) ? seenInstances : newInstances).add(row);
    }
    long t3 = System.nanoTime();
    copyInstances(c, run, newInstances, alertIds);
    long t4 = System.nanoTime();
    timings.instanceNanos += t4 - t3;
    upsertInstances(c, run, seenInstances, alertIds);
    timings.updateNanos += System.nanoTime() - t4 + (t3 - t2);
    return new Written(created, fixedSeenAgain);
  }

  private static Map<UUID, Existing> existing(Connection c, long repoId, Iterable<UUID> digests)
      throws SQLException {
    List<UUID> keys = new ArrayList<>();
    digests.forEach(keys::add);
    Map<UUID, Existing> found = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT key_digest, id, state, severity, security_severity_level, tool_version,"
                + " tool_guid FROM alert WHERE repo_id = ? AND key_digest = ANY (?)")) {
      s.setLong(1, repoId);
      s.setArray(2, c.createArrayOf("uuid", keys.toArray()));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.put(
              r.getObject(1, UUID.class),
              new Existing(
                  r.getLong(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6),
                  r.getString(7)));
        }
      }
    }
    return found;
  }

  private static List<AlertChange> insertAlerts(
      Connection c, RunScope run, List<Row> fresh, long firstNumber, Map<UUID, Long> alertIds)
      throws SQLException {
    if (fresh.isEmpty()) {
      return List.of();
    }
    long[] ids = alertIds(c, fresh.size());
    List<AlertChange> created = new ArrayList<>(fresh.size());
    try (CopyRows copy =
        CopyRows.open(
            c,
            "alert",
            "id, tenant_id, repo_id, number, key_digest, tool_name, tool_guid, tool_version,"
                + " category, rule_id, path, fingerprint, severity, security_severity_level,"
                + " state")) {
      for (int i = 0; i < fresh.size(); i++) {
        Row row = fresh.get(i);
        long number = firstNumber + i;
        copy.number(ids[i])
            .text(run.tenantId().toString())
            .number(run.repoId())
            .number(number)
            .text(row.digest().toString())
            .text(run.toolName())
            .text(run.toolGuid())
            .text(run.toolVersion())
            .text(run.category())
            .text(row.keyRule())
            .text(row.keyPath())
            .text(row.fingerprint())
            .text(row.level())
            .text(row.securityLevel())
            .text(AlertEntity.OPEN)
            .endRow();
        alertIds.put(row.digest(), ids[i]);
        // As stored (COPY drops NUL), so its event says what the alert row and later events say.
        created.add(
            new AlertChange(
                ids[i],
                number,
                ProcessingStore.clean(row.keyRule()),
                ProcessingStore.clean(row.keyPath()),
                run.toolName(),
                row.level(),
                row.securityLevel()));
      }
    }
    return created;
  }

  /** Alert ids in blocks: each nextval of {@code alert_id_seq} reserves {@link #ID_BLOCK} ids. */
  private static long[] alertIds(Connection c, int count) throws SQLException {
    long[] ids = new long[count];
    try (PreparedStatement s =
        c.prepareStatement("SELECT nextval('alert_id_seq') FROM generate_series(1, ?)")) {
      s.setInt(1, (count + ID_BLOCK - 1) / ID_BLOCK);
      try (ResultSet r = s.executeQuery()) {
        int i = 0;
        while (r.next()) {
          long first = r.getLong(1);
          for (int k = 0; k < ID_BLOCK && i < count; k++) {
            ids[i++] = first + k;
          }
        }
      }
    }
    return ids;
  }

  private static void refresh(Connection c, RunScope run, List<Row> stale, List<Long> ids)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE alert a SET severity = u.level, security_severity_level = u.security_level,"
                + " tool_version = ?, tool_guid = ?"
                + " FROM unnest(?::bigint[], ?::text[], ?::text[]) AS u (id, level, security_level)"
                + " WHERE a.id = u.id")) {
      s.setString(1, run.toolVersion());
      s.setString(2, run.toolGuid());
      s.setArray(3, ProcessingStore.longs(c, ids));
      s.setArray(4, texts(c, stale.stream().map(Row::level).toList()));
      s.setArray(5, texts(c, stale.stream().map(Row::securityLevel).toList()));
      s.executeUpdate();
    }
  }

  private static void copyInstances(
      Connection c, RunScope run, List<Row> rows, Map<UUID, Long> alertIds) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (CopyRows copy =
        CopyRows.open(
            c,
            "alert_instance",
            "alert_id, ref, repo_id, tool_name, analysis_id, upload_id, commit_sha, analysis_key,"
                + " environment, category, state, message, path, start_line, end_line,"
                + " start_column, end_column")) {
      for (Row row : rows) {
        copy.number(alertIds.get(row.digest()))
            .text(run.ref())
            .number(run.repoId())
            .text(run.toolName())
            .number(run.analysisId())
            .text(run.uploadId().toString())
            .text(run.commitSha())
            .text(run.analysisKey())
            .text(run.environment())
            .text(run.category())
            .text("open")
            .text(row.message())
            .text(row.path())
            .number(row.startLine())
            .number(row.endLine())
            .number(row.startColumn())
            .number(row.endColumn())
            .endRow();
      }
    }
  }

  /**
   * Instances of alerts that existed before the batch: inserted on a new ref, otherwise updated and
   * open again — unless this upload already wrote them (a key seen twice: first wins).
   */
  private static void upsertInstances(
      Connection c, RunScope run, List<Row> rows, Map<UUID, Long> alertIds) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO alert_instance (alert_id, ref, repo_id, tool_name, analysis_id,"
                + " upload_id, commit_sha, analysis_key, environment, category, state, message,"
                + " path, start_line, end_line, start_column, end_column, seen_at)"
                + " SELECT u.alert_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', u.message, u.path,"
                + " u.start_line, u.end_line, u.start_column, u.end_column, now()"
                + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::integer[], ?::integer[],"
                + " ?::integer[], ?::integer[]) AS u (alert_id, message, path, start_line,"
                + " end_line, start_column, end_column)"
                + " ON CONFLICT (alert_id, ref) DO UPDATE SET analysis_id = EXCLUDED.analysis_id,"
                + " upload_id = EXCLUDED.upload_id, commit_sha = EXCLUDED.commit_sha,"
                + " analysis_key = EXCLUDED.analysis_key, environment = EXCLUDED.environment,"
                + " category = EXCLUDED.category, state = 'open', message = EXCLUDED.message,"
                + " path = EXCLUDED.path, start_line = EXCLUDED.start_line,"
                + " end_line = EXCLUDED.end_line, start_column = EXCLUDED.start_column,"
                + " end_column = EXCLUDED.end_column, seen_at = EXCLUDED.seen_at,"
                + " fixed_at = NULL"
                + " WHERE alert_instance.upload_id IS DISTINCT FROM EXCLUDED.upload_id")) {
      s.setString(1, run.ref());
      s.setLong(2, run.repoId());
      s.setString(3, run.toolName());
      s.setLong(4, run.analysisId());
      s.setObject(5, run.uploadId());
      s.setString(6, run.commitSha());
      s.setString(7, run.analysisKey());
      s.setString(8, run.environment());
      s.setString(9, run.category());
      s.setArray(
          10, ProcessingStore.longs(c, rows.stream().map(r -> alertIds.get(r.digest())).toList()));
      s.setArray(11, texts(c, rows.stream().map(r -> ProcessingStore.clean(r.message())).toList()));
      s.setArray(12, texts(c, rows.stream().map(r -> ProcessingStore.clean(r.path())).toList()));
      s.setArray(13, ints(c, rows.stream().map(Row::startLine).toList()));
      s.setArray(14, ints(c, rows.stream().map(Row::endLine).toList()));
      s.setArray(15, ints(c, rows.stream().map(Row::startColumn).toList()));
      s.setArray(16, ints(c, rows.stream().map(Row::endColumn).toList()));
      s.executeUpdate();
    }
  }

  private static Array texts(Connection c, List<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray());
  }

  private static Array ints(Connection c, List<Integer> values) throws SQLException {
    return c.createArrayOf("integer", values.toArray());
  }
}
