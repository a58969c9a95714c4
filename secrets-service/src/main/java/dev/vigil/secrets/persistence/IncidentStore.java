package dev.vigil.secrets.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes of {@code secret_incident} and {@code secret_occurrence} on the caller's connection (and
 * so in its transaction). Every statement is scoped to a tenant.
 */
public final class IncidentStore {

  /** What a new incident starts with; the secret itself is not among it. */
  public record NewIncident(
      String secretHash,
      String secretPreview,
      String detectorName,
      String detectorDisplayName,
      String detectorNature,
      String detectorFamily,
      String detectorGroupName,
      String detectorGroupDisplayName,
      String severity,
      String validity,
      String contextJson) {}

  /** One sighting as stored; repository and commitSha are '' when unknown. */
  public record NewOccurrence(
      String source,
      String repository,
      String path,
      String commitSha,
      String authorName,
      String authorEmail,
      int line,
      int startOffset,
      int endOffset,
      String matchName,
      String kind) {}

  private IncidentStore() {}

  /** Inserts the incident unless the tenant already has one for the hash; true when inserted. */
  public static boolean insertIfAbsent(Connection c, UUID tenantId, NewIncident incident)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO secret_incident (tenant_id, secret_hash, secret_preview, detector_name,"
                + " detector_display_name, detector_nature, detector_family, detector_group_name,"
                + " detector_group_display_name, status, severity, validity, context)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'TRIGGERED', ?, ?, ?::jsonb)"
                + " ON CONFLICT (tenant_id, secret_hash) DO NOTHING")) {
      ps.setObject(1, tenantId);
      ps.setString(2, incident.secretHash());
      ps.setString(3, incident.secretPreview());
      ps.setString(4, incident.detectorName());
      ps.setString(5, incident.detectorDisplayName());
      ps.setString(6, incident.detectorNature());
      ps.setString(7, incident.detectorFamily());
      ps.setString(8, incident.detectorGroupName());
      ps.setString(9, incident.detectorGroupDisplayName());
      ps.setString(10, incident.severity());
      ps.setString(11, incident.validity());
      ps.setString(12, incident.contextJson());
      return ps.executeUpdate() == 1;
    }
  }

  /** The tenant's incident for a hash, row-locked until the transaction ends. */
  public static IncidentRow lockByHash(Connection c, UUID tenantId, String secretHash)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + IncidentRow.COLUMNS
                + " FROM secret_incident WHERE tenant_id = ? AND secret_hash = ? FOR UPDATE")) {
      ps.setObject(1, tenantId);
      ps.setString(2, secretHash);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("incident vanished inside its transaction");
        }
        return IncidentRow.read(rs);
      }
    }
  }

  /** The tenant's incident by id, row-locked; empty for an unknown id or another tenant's. */
  public static Optional<IncidentRow> lock(Connection c, UUID tenantId, long id)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + IncidentRow.COLUMNS
                + " FROM secret_incident WHERE tenant_id = ? AND id = ? FOR UPDATE")) {
      ps.setObject(1, tenantId);
      ps.setLong(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(IncidentRow.read(rs)) : Optional.empty();
      }
    }
  }

  /** Stores the answer of a validity check. */
  public static void setValidity(Connection c, UUID tenantId, long id, String validity)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE secret_incident SET validity = ?, validity_checked_at = clock_timestamp()"
                + " WHERE tenant_id = ? AND id = ?")) {
      ps.setString(1, validity);
      ps.setObject(2, tenantId);
      ps.setLong(3, id);
      ps.executeUpdate();
    }
  }

  /** The id of the tenant's source (created on first use). */
  public static long sourceId(Connection c, UUID tenantId, String kind, String fullName)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH added AS (INSERT INTO secret_source (tenant_id, kind, full_name)"
                + " VALUES (?, ?, ?) ON CONFLICT (tenant_id, kind, full_name) DO NOTHING"
                + " RETURNING id)"
                + " SELECT id FROM added UNION ALL SELECT id FROM secret_source"
                + " WHERE tenant_id = ? AND kind = ? AND full_name = ?")) {
      ps.setObject(1, tenantId);
      ps.setString(2, kind);
      ps.setString(3, fullName);
      ps.setObject(4, tenantId);
      ps.setString(5, kind);
      ps.setString(6, fullName);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Adds the occurrence unless the same place was already recorded; true when added. */
  public static boolean insertOccurrence(
      Connection c, UUID tenantId, long incidentId, NewOccurrence o) throws SQLException {
    long sourceId = sourceId(c, tenantId, o.source(), o.repository());
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO secret_occurrence (tenant_id, incident_id, source, repository, path,"
                + " commit_sha, author_name, author_email, line, start_offset, end_offset,"
                + " match_name, kind, presence, source_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'present', ?)"
                + " ON CONFLICT (incident_id, source, repository, path, commit_sha, start_offset)"
                + " DO NOTHING")) {
      ps.setObject(1, tenantId);
      ps.setLong(2, incidentId);
      ps.setString(3, o.source());
      ps.setString(4, o.repository());
      ps.setString(5, o.path());
      ps.setString(6, o.commitSha());
      ps.setString(7, o.authorName());
      ps.setString(8, o.authorEmail());
      ps.setInt(9, o.line());
      ps.setInt(10, o.startOffset());
      ps.setInt(11, o.endOffset());
      ps.setString(12, o.matchName());
      ps.setString(13, o.kind());
      ps.setLong(14, sourceId);
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * After a new occurrence: counts it, adds its tags, moves the trigger date; with {@code reopen} a
   * resolved incident opens again as a regression (assigned again if it still has an assignee).
   */
  public static IncidentRow afterOccurrence(
      Connection c, UUID tenantId, long id, Collection<String> tags, boolean reopen)
      throws SQLException {
    String sql =
        "UPDATE secret_incident SET occurrences_count = occurrences_count + 1,"
            + " date = clock_timestamp(),"
            + " tags = ARRAY(SELECT DISTINCT t FROM unnest(tags || ?::text[]) t ORDER BY t)"
            + (reopen
                ? ", status = CASE WHEN assignee_id IS NULL AND assignee_email IS NULL"
                    + " THEN 'TRIGGERED' ELSE 'ASSIGNED' END, regression = true,"
                    + " resolved_at = NULL, resolver_id = NULL, resolver_api_token_id = NULL,"
                    + " secret_revoked = false"
                : "")
            + " WHERE tenant_id = ? AND id = ? RETURNING "
            + IncidentRow.COLUMNS;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", tags.toArray()));
      ps.setObject(2, tenantId);
      ps.setLong(3, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return IncidentRow.read(rs);
      }
    }
  }

  /** Per detector: incidents, and those ignored as false positives. */
  public static Map<String, long[]> countsByDetector(Connection c, UUID tenantId)
      throws SQLException {
    Map<String, long[]> counts = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT detector_name, count(*),"
                + " count(*) FILTER (WHERE status = 'IGNORED' AND ignore_reason = 'false_positive')"
                + " FROM secret_incident WHERE tenant_id = ? GROUP BY detector_name"
                + " ORDER BY detector_name")) {
      ps.setObject(1, tenantId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
        }
      }
    }
    return counts;
  }
}
