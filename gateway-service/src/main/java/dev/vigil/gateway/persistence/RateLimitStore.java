package dev.vigil.gateway.persistence;

import dev.vigil.gateway.domain.RateResource;
import dev.vigil.gateway.domain.TenantRateLimiter.Delta;
import dev.vigil.gateway.domain.TenantRateLimiter.Total;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The rate-limit counters every gateway replica shares ({@code rate_limit_window}): one upsert adds
 * a replica's requests of all its windows and returns their totals; windows it only watches are
 * read. Blocking JDBC, called from the limiter's own sync thread, never from an event loop.
 */
@ApplicationScoped
public class RateLimitStore {

  private static final String ADD =
      """
      INSERT INTO rate_limit_window AS w (tenant_id, resource, window_start_ms, request_count)
      SELECT * FROM unnest(?::uuid[], ?::text[], ?::bigint[], ?::bigint[])
      ON CONFLICT (tenant_id, resource, window_start_ms)
      DO UPDATE SET request_count = w.request_count + EXCLUDED.request_count
      RETURNING tenant_id, resource, window_start_ms, request_count
      """;

  private static final String READ =
      """
      SELECT w.tenant_id, w.resource, w.window_start_ms, w.request_count
      FROM rate_limit_window w
      JOIN unnest(?::uuid[], ?::text[], ?::bigint[]) AS k(tenant_id, resource, window_start_ms)
        USING (tenant_id, resource, window_start_ms)
      """;

  private static final Comparator<Delta> LOCK_ORDER =
      Comparator.comparing(Delta::tenantId)
          .thenComparing(d -> d.resource().name())
          .thenComparingLong(Delta::windowStartMillis);

  private final AgroalDataSource dataSource;

  public RateLimitStore(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Adds the deltas and returns the resulting totals (every replica's requests). */
  public List<Total> add(List<Delta> deltas) throws SQLException {
    if (deltas.isEmpty()) {
      return List.of();
    }
    // One order for every replica, so concurrent upserts of the same rows cannot deadlock.
    List<Delta> sorted = deltas.stream().sorted(LOCK_ORDER).toList();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(ADD)) {
      bindKeys(connection, statement, sorted);
      statement.setArray(
          4,
          connection.createArrayOf(
              "bigint", sorted.stream().map(Delta::count).toArray(Long[]::new)));
      return totals(statement);
    }
  }

  /** The current totals of these windows (count of each delta ignored). */
  public List<Total> read(List<Delta> windows) throws SQLException {
    if (windows.isEmpty()) {
      return List.of();
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(READ)) {
      bindKeys(connection, statement, windows);
      return totals(statement);
    }
  }

  /** Deletes the counters of windows that started before {@code cutoffMillis}. */
  public int deleteStartedBefore(long cutoffMillis) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "DELETE FROM rate_limit_window WHERE window_start_ms < ?")) {
      statement.setLong(1, cutoffMillis);
      return statement.executeUpdate();
    }
  }

  private static void bindKeys(
      Connection connection, PreparedStatement statement, List<Delta> deltas) throws SQLException {
    Array tenants =
        connection.createArrayOf("uuid", deltas.stream().map(Delta::tenantId).toArray(UUID[]::new));
    Array resources =
        connection.createArrayOf(
            "text", deltas.stream().map(d -> d.resource().name()).toArray(String[]::new));
    Array starts =
        connection.createArrayOf(
            "bigint", deltas.stream().map(Delta::windowStartMillis).toArray(Long[]::new));
    statement.setArray(1, tenants);
    statement.setArray(2, resources);
    statement.setArray(3, starts);
  }

  private static List<Total> totals(PreparedStatement statement) throws SQLException {
    List<Total> totals = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        totals.add(
            new Total(
                rows.getObject(1, UUID.class),
                RateResource.valueOf(rows.getString(2)),
                rows.getLong(3),
                rows.getLong(4)));
      }
    }
    return totals;
  }
}
