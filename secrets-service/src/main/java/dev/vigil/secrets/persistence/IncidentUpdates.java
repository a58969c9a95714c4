package dev.vigil.secrets.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Lifecycle writes of one incident (the caller holds its row lock); each returns the new row. */
public final class IncidentUpdates {

  private IncidentUpdates() {}

  /**
   * {@code UPDATE secret_incident SET <assignments> WHERE tenant_id = ? AND id = ?}, returning the
   * row; {@code values} fill the assignments' placeholders in order.
   */
  public static IncidentRow update(
      Connection c, UUID tenantId, long id, String assignments, List<Object> values)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE secret_incident SET "
                + assignments
                + " WHERE tenant_id = ? AND id = ? RETURNING "
                + IncidentRow.COLUMNS)) {
      int i = 1;
      for (Object value : values) {
        ps.setObject(i++, value instanceof Instant instant ? Timestamp.from(instant) : value);
      }
      ps.setObject(i++, tenantId);
      ps.setLong(i, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return IncidentRow.read(rs);
      }
    }
  }
}
