package dev.vigil.secrets.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads of incidents, occurrences and sources; every query is scoped to one tenant. */
public final class IncidentQueries {

  /** The filters of {@code GET /v1/incidents/secrets}; null means "not filtered". */
  public record IncidentFilter(
      Instant dateBefore,
      Instant dateAfter,
      String assigneeEmail,
      Long assigneeId,
      String status,
      String severity,
      String validity,
      List<String> tags,
      String detectorGroupName,
      Long ignorerId,
      UUID ignorerApiTokenId,
      Long resolverId,
      UUID resolverApiTokenId) {}

  /** The filters of {@code GET /v1/occurrences/secrets}; null means "not filtered". */
  public record OccurrenceFilter(
      Instant dateBefore,
      Instant dateAfter,
      Long sourceId,
      String sourceName,
      Long incidentId,
      String presence,
      String authorName,
      String authorInfo,
      String sha,
      String filepath) {}

  /** A source as occurrences show it. */
  public record SourceRow(long id, String kind, String fullName, String platform) {}

  private IncidentQueries() {}

  public static Keyset.Page<IncidentRow> incidents(
      Connection c,
      UUID tenantId,
      IncidentFilter f,
      String sortColumn,
      boolean descending,
      Keyset.Position position,
      int perPage)
      throws SQLException {
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder("tenant_id = ?");
    params.add(tenantId);
    range(where, params, "date", f.dateBefore(), f.dateAfter());
    if (f.assigneeEmail() != null) {
      where.append(" AND lower(assignee_email) = lower(?)");
      params.add(f.assigneeEmail());
    }
    equal(where, params, "assignee_id", f.assigneeId());
    equal(where, params, "status", f.status());
    equal(where, params, "severity", f.severity());
    equal(where, params, "validity", f.validity());
    equal(where, params, "detector_group_name", f.detectorGroupName());
    equal(where, params, "ignorer_id", f.ignorerId());
    equal(where, params, "ignorer_api_token_id", f.ignorerApiTokenId());
    equal(where, params, "resolver_id", f.resolverId());
    equal(where, params, "resolver_api_token_id", f.resolverApiTokenId());
    if (f.tags() != null && !f.tags().isEmpty()) {
      List<String> named = f.tags().stream().filter(t -> !t.equals("NONE")).toList();
      List<String> any = new ArrayList<>();
      if (!named.isEmpty()) {
        any.add("tags && ?::text[]");
        params.add(c.createArrayOf("text", named.toArray()));
      }
      if (named.size() < f.tags().size()) {
        any.add("cardinality(tags) = 0");
      }
      where.append(" AND (").append(String.join(" OR ", any)).append(")");
    }
    return Keyset.page(
        c,
        IncidentRow.COLUMNS,
        "secret_incident",
        where.toString(),
        params,
        sortColumn,
        descending,
        position,
        perPage,
        IncidentRow::read);
  }

  public static Optional<IncidentRow> incident(Connection c, UUID tenantId, long id)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + IncidentRow.COLUMNS
                + " FROM secret_incident WHERE tenant_id = ? AND id = ?")) {
      ps.setObject(1, tenantId);
      ps.setLong(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(IncidentRow.read(rs)) : Optional.empty();
      }
    }
  }

  /** The incident's first {@code limit} occurrences, oldest first. */
  public static List<OccurrenceRow> occurrencesOf(
      Connection c, UUID tenantId, long incidentId, int limit) throws SQLException {
    List<OccurrenceRow> rows = new ArrayList<>();
    if (limit == 0) {
      return rows;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + OccurrenceRow.COLUMNS
                + " FROM secret_occurrence WHERE tenant_id = ? AND incident_id = ?"
                + " ORDER BY date, id LIMIT ?")) {
      ps.setObject(1, tenantId);
      ps.setLong(2, incidentId);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(OccurrenceRow.read(rs));
        }
      }
    }
    return rows;
  }

  public static Keyset.Page<OccurrenceRow> occurrences(
      Connection c,
      UUID tenantId,
      OccurrenceFilter f,
      boolean descending,
      Keyset.Position position,
      int perPage)
      throws SQLException {
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder("tenant_id = ?");
    params.add(tenantId);
    range(where, params, "date", f.dateBefore(), f.dateAfter());
    equal(where, params, "source_id", f.sourceId());
    equal(where, params, "incident_id", f.incidentId());
    equal(where, params, "presence", f.presence());
    contains(where, params, "repository", f.sourceName());
    contains(where, params, "author_name", f.authorName());
    contains(where, params, "author_email", f.authorInfo());
    contains(where, params, "path", f.filepath());
    if (f.sha() != null) {
      where.append(" AND commit_sha LIKE ? ESCAPE '\\'");
      params.add(escapeLike(f.sha().toLowerCase(java.util.Locale.ROOT)) + "%");
    }
    return Keyset.page(
        c,
        OccurrenceRow.COLUMNS,
        "secret_occurrence",
        where.toString(),
        params,
        "date",
        descending,
        position,
        perPage,
        OccurrenceRow::read);
  }

  public static Map<Long, SourceRow> sources(Connection c, UUID tenantId, Collection<Long> ids)
      throws SQLException {
    Map<Long, SourceRow> sources = new HashMap<>();
    if (ids.isEmpty()) {
      return sources;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, kind, full_name, platform FROM secret_source"
                + " WHERE tenant_id = ? AND id = ANY (?)")) {
      ps.setObject(1, tenantId);
      ps.setArray(2, c.createArrayOf("bigint", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sources.put(
              rs.getLong(1),
              new SourceRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return sources;
  }

  /** Open and closed incidents per source, for the source's counters. */
  public static Map<Long, long[]> incidentCountsBySource(
      Connection c, UUID tenantId, Collection<Long> ids) throws SQLException {
    Map<Long, long[]> counts = new HashMap<>();
    if (ids.isEmpty()) {
      return counts;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT o.source_id,"
                + " count(DISTINCT i.id) FILTER (WHERE i.status IN ('TRIGGERED', 'ASSIGNED')),"
                + " count(DISTINCT i.id) FILTER (WHERE i.status IN ('RESOLVED', 'IGNORED'))"
                + " FROM secret_occurrence o JOIN secret_incident i ON i.id = o.incident_id"
                + " WHERE o.tenant_id = ? AND o.source_id = ANY (?) GROUP BY o.source_id")) {
      ps.setObject(1, tenantId);
      ps.setArray(2, c.createArrayOf("bigint", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
        }
      }
    }
    return counts;
  }

  private static void range(
      StringBuilder where, List<Object> params, String column, Instant before, Instant after) {
    if (before != null) {
      where.append(" AND ").append(column).append(" < ?");
      params.add(java.sql.Timestamp.from(before));
    }
    if (after != null) {
      where.append(" AND ").append(column).append(" > ?");
      params.add(java.sql.Timestamp.from(after));
    }
  }

  private static void equal(StringBuilder where, List<Object> params, String column, Object value) {
    if (value != null) {
      where.append(" AND ").append(column).append(" = ?");
      params.add(value);
    }
  }

  private static void contains(
      StringBuilder where, List<Object> params, String column, String value) {
    if (value != null) {
      where.append(" AND ").append(column).append(" ILIKE ? ESCAPE '\\'");
      params.add("%" + escapeLike(value) + "%");
    }
  }

  private static String escapeLike(String value) {
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
