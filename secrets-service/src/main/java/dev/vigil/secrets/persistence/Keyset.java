package dev.vigil.secrets.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One page of a keyset-paginated listing ordered by a timestamp column (nulls as "infinity") and
 * the id. Pages go forward from the boundary row after a "next" cursor or backward before a "prev"
 * one; one extra row tells whether the listing goes on in that direction.
 */
public final class Keyset {

  /** Where a page starts: after (or, backwards, before) the row with this sort value and id. */
  public record Position(String sortValue, long id, boolean backward) {}

  /** Rows of one page, in display order, and whether pages exist before and after it. */
  public record Page<T>(List<T> rows, boolean hasPrevious, boolean hasNext) {}

  /** Reads one row; the sort value of a row for a cursor comes from {@code sortValueOf}. */
  public interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private Keyset() {}

  /** The SQL expression the listing sorts on. */
  static String sortExpression(String column) {
    return "coalesce(" + column + ", 'infinity'::timestamptz)";
  }

  /** A cursor's sort value for a row's timestamp (null sorts as infinity). */
  public static String sortValue(Instant value) {
    return value == null ? "infinity" : value.toString();
  }

  /**
   * Runs {@code SELECT columns FROM table WHERE where [AND keyset] ORDER BY … LIMIT n+1}.
   *
   * @param where a condition already holding the tenant filter; its parameters in {@code params}
   */
  static <T> Page<T> page(
      Connection c,
      String columns,
      String table,
      String where,
      List<Object> params,
      String sortColumn,
      boolean descending,
      Position position,
      int perPage,
      RowReader<T> reader)
      throws SQLException {
    boolean backward = position != null && position.backward();
    // Walking backwards reverses the order; the rows are flipped back before they are returned.
    boolean sqlDescending = descending != backward;
    String expression = sortExpression(sortColumn);
    List<Object> all = new ArrayList<>(params);
    StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM ").append(table);
    sql.append(" WHERE ").append(where);
    if (position != null) {
      sql.append(" AND (")
          .append(expression)
          .append(", id) ")
          .append(sqlDescending ? "<" : ">")
          .append(" (?::timestamptz, ?)");
      all.add(position.sortValue());
      all.add(position.id());
    }
    String direction = sqlDescending ? " DESC" : " ASC";
    sql.append(" ORDER BY ").append(expression).append(direction).append(", id").append(direction);
    sql.append(" LIMIT ").append(perPage + 1);
    List<T> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < all.size(); i++) {
        ps.setObject(i + 1, all.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(reader.read(rs));
        }
      }
    }
    boolean more = rows.size() > perPage;
    if (more) {
      rows.remove(rows.size() - 1);
    }
    if (backward) {
      Collections.reverse(rows);
      return new Page<>(rows, more, true);
    }
    return new Page<>(rows, position != null, more);
  }
}
