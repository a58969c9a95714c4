package dev.vigil.secrets.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * JDBC access to {@code secret_repository_scan}; every query but the worker's claim is per tenant.
 */
public final class RepositoryScanStore {

  /** One scan request. */
  public record ScanRow(
      long id,
      UUID tenantId,
      String connectionId,
      String platform,
      String repository,
      String ref,
      String commitSha,
      String status,
      int attempts,
      int filesScanned,
      int filesSkipped,
      int secretsFound,
      String error) {}

  private static final String COLUMNS =
      "id, tenant_id, connection_id, platform, repository, ref, commit_sha, status, attempts,"
          + " files_scanned, files_skipped, secrets_found, error";

  private RepositoryScanStore() {}

  /** Queues a scan unless this trigger already queued one; the scan's id either way. */
  public static long queue(
      Connection c,
      UUID tenantId,
      String triggerId,
      String connectionId,
      String platform,
      String repository,
      String ref)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO secret_repository_scan (tenant_id, trigger_id, connection_id, platform,"
                + " repository, ref, status) VALUES (?, ?, ?, ?, ?, ?, 'queued')"
                + " ON CONFLICT (tenant_id, trigger_id) DO NOTHING RETURNING id")) {
      ps.setObject(1, tenantId);
      ps.setString(2, triggerId);
      ps.setString(3, connectionId);
      ps.setString(4, platform);
      ps.setString(5, repository);
      ps.setString(6, ref);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return rs.getLong(1);
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM secret_repository_scan WHERE tenant_id = ? AND trigger_id = ?")) {
      ps.setObject(1, tenantId);
      ps.setString(2, triggerId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Claims the oldest queued scan, or a running one whose worker has been silent for {@code
   * staleAfter} (it resumes): marks it running and counts the attempt. A scan queued again after a
   * failed attempt waits 30 s. Across tenants: this is the worker's queue.
   */
  public static Optional<ScanRow> claim(Connection c, Duration staleAfter) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE secret_repository_scan SET status = 'running', attempts = attempts + 1,"
                + " heartbeat_at = clock_timestamp() WHERE id = (SELECT id FROM"
                + " secret_repository_scan WHERE (status = 'queued' AND (attempts = 0"
                + " OR heartbeat_at < clock_timestamp() - interval '30 seconds'))"
                + " OR (status = 'running' AND"
                + " heartbeat_at < clock_timestamp() - make_interval(secs => ?))"
                + " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING "
                + COLUMNS)) {
      ps.setDouble(1, staleAfter.toMillis() / 1000.0);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  public static Optional<ScanRow> find(Connection c, UUID tenantId, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + COLUMNS + " FROM secret_repository_scan WHERE tenant_id = ? AND id = ?")) {
      ps.setObject(1, tenantId);
      ps.setLong(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /** Whether the tenant's repository was already scanned completely at this commit. */
  public static boolean completed(Connection c, UUID tenantId, String repository, String sha)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM secret_repository_scan WHERE tenant_id = ? AND repository = ?"
                + " AND commit_sha = ? AND status = 'completed'")) {
      ps.setObject(1, tenantId);
      ps.setString(2, repository);
      ps.setString(3, sha);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Records the commit being scanned and that the worker is alive. */
  public static void heartbeat(Connection c, UUID tenantId, long id, String commitSha)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE secret_repository_scan SET heartbeat_at = clock_timestamp(),"
                + " commit_sha = coalesce(?, commit_sha) WHERE tenant_id = ? AND id = ?")) {
      ps.setString(1, commitSha);
      ps.setObject(2, tenantId);
      ps.setLong(3, id);
      ps.executeUpdate();
    }
  }

  /**
   * Ends a scan: {@code completed}, {@code skipped}, {@code failed}, or back to {@code queued} for
   * another attempt.
   */
  public static void finish(
      Connection c,
      UUID tenantId,
      long id,
      String status,
      int scanned,
      int skipped,
      int found,
      String error)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE secret_repository_scan SET status = ?, files_scanned = ?, files_skipped = ?,"
                + " secrets_found = ?, error = ?, finished_at = CASE WHEN ? = 'queued' THEN NULL"
                + " ELSE clock_timestamp() END WHERE tenant_id = ? AND id = ?")) {
      ps.setString(1, status);
      ps.setInt(2, scanned);
      ps.setInt(3, skipped);
      ps.setInt(4, found);
      ps.setString(5, error == null ? null : error.substring(0, Math.min(error.length(), 500)));
      ps.setString(6, status);
      ps.setObject(7, tenantId);
      ps.setLong(8, id);
      ps.executeUpdate();
    }
  }

  private static ScanRow read(ResultSet rs) throws SQLException {
    return new ScanRow(
        rs.getLong("id"),
        rs.getObject("tenant_id", UUID.class),
        rs.getString("connection_id"),
        rs.getString("platform"),
        rs.getString("repository"),
        rs.getString("ref"),
        rs.getString("commit_sha"),
        rs.getString("status"),
        rs.getInt("attempts"),
        rs.getInt("files_scanned"),
        rs.getInt("files_skipped"),
        rs.getInt("secrets_found"),
        rs.getString("error"));
  }
}
