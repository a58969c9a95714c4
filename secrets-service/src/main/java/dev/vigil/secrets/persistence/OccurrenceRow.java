package dev.vigil.secrets.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** One row of {@code secret_occurrence}: a place where an incident's secret was seen. */
public record OccurrenceRow(
    long id,
    long incidentId,
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
    String kind,
    String presence,
    Instant date,
    long sourceId) {

  public static final String COLUMNS =
      "id, incident_id, source, repository, path, commit_sha, author_name, author_email, line,"
          + " start_offset, end_offset, match_name, kind, presence, date, source_id";

  static OccurrenceRow read(ResultSet rs) throws SQLException {
    return new OccurrenceRow(
        rs.getLong("id"),
        rs.getLong("incident_id"),
        rs.getString("source"),
        rs.getString("repository"),
        rs.getString("path"),
        rs.getString("commit_sha"),
        rs.getString("author_name"),
        rs.getString("author_email"),
        rs.getInt("line"),
        rs.getInt("start_offset"),
        rs.getInt("end_offset"),
        rs.getString("match_name"),
        rs.getString("kind"),
        rs.getString("presence"),
        IncidentRow.instant(rs.getTimestamp("date")),
        rs.getLong("source_id"));
  }
}
