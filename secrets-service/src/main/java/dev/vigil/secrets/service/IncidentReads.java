package dev.vigil.secrets.service;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.secrets.persistence.IncidentQueries;
import dev.vigil.secrets.persistence.IncidentQueries.IncidentFilter;
import dev.vigil.secrets.persistence.IncidentQueries.OccurrenceFilter;
import dev.vigil.secrets.persistence.IncidentQueries.SourceRow;
import dev.vigil.secrets.persistence.IncidentRow;
import dev.vigil.secrets.persistence.Keyset;
import dev.vigil.secrets.persistence.OccurrenceRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Listing and reading incidents and occurrences of the caller's tenant. */
@ApplicationScoped
public class IncidentReads {

  /** Occurrences with the sources they point at (and those sources' incident counters). */
  public record Occurrences(
      List<OccurrenceRow> rows, Map<Long, SourceRow> sources, Map<Long, long[]> counts) {}

  /** One page of occurrences with its sources. */
  public record OccurrencePage(Keyset.Page<OccurrenceRow> page, Occurrences occurrences) {}

  private final DataSource dataSource;

  public IncidentReads(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Keyset.Page<IncidentRow> incidents(
      UUID tenantId,
      IncidentFilter filter,
      String sortColumn,
      boolean descending,
      Keyset.Position position,
      int perPage) {
    try (Connection c = dataSource.getConnection()) {
      return IncidentQueries.incidents(
          c, tenantId, filter, sortColumn, descending, position, perPage);
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** The incident and its first occurrences; 404 for an unknown id or another tenant's. */
  public Map.Entry<IncidentRow, Occurrences> incident(UUID tenantId, long id, int withOccurrences) {
    try (Connection c = dataSource.getConnection()) {
      IncidentRow row =
          IncidentQueries.incident(c, tenantId, id)
              .orElseThrow(() -> ApiException.notFound("Not found."));
      List<OccurrenceRow> occurrences =
          IncidentQueries.occurrencesOf(c, tenantId, id, withOccurrences);
      return Map.entry(row, withSources(c, tenantId, occurrences));
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  public IncidentRow incident(UUID tenantId, long id) {
    try (Connection c = dataSource.getConnection()) {
      return IncidentQueries.incident(c, tenantId, id)
          .orElseThrow(() -> ApiException.notFound("Not found."));
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  public OccurrencePage occurrences(
      UUID tenantId,
      OccurrenceFilter filter,
      boolean descending,
      Keyset.Position position,
      int perPage) {
    try (Connection c = dataSource.getConnection()) {
      Keyset.Page<OccurrenceRow> page =
          IncidentQueries.occurrences(c, tenantId, filter, descending, position, perPage);
      return new OccurrencePage(page, withSources(c, tenantId, page.rows()));
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  private static Occurrences withSources(
      Connection c, UUID tenantId, List<OccurrenceRow> occurrences) throws SQLException {
    Set<Long> ids = occurrences.stream().map(OccurrenceRow::sourceId).collect(Collectors.toSet());
    return new Occurrences(
        occurrences,
        IncidentQueries.sources(c, tenantId, ids),
        IncidentQueries.incidentCountsBySource(c, tenantId, ids));
  }

  private static IllegalStateException failed(SQLException e) {
    return new IllegalStateException("incident query failed: " + e.getSQLState(), e);
  }
}
