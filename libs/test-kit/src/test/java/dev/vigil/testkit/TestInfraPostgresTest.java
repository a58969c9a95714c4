package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestInfraPostgresTest {

  @Test
  void eachDatabaseKeepsItsOwnRows() throws SQLException {
    String first = TestInfra.createDatabase();
    String second = TestInfra.createDatabase();
    assertThat(first).isNotEqualTo(second);

    write(first, "alpha");
    write(second, "beta");

    assertThat(read(first)).isEqualTo("alpha");
    assertThat(read(second)).isEqualTo("beta");
  }

  @Test
  void urlsNameTheSameServer() {
    String db = TestInfra.createDatabase();
    assertThat(TestInfra.jdbcUrl(db)).isEqualTo("jdbc:" + TestInfra.reactiveUrl(db));
    assertThat(TestInfra.reactiveUrl(db)).matches("postgresql://[^/]+:\\d+/" + db);
  }

  private static void write(String db, String value) throws SQLException {
    try (Connection c = connect(db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE note (value text NOT NULL)");
      s.execute("INSERT INTO note VALUES ('" + value + "')");
    }
  }

  private static String read(String db) throws SQLException {
    try (Connection c = connect(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT string_agg(value, ',') FROM note")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Connection connect(String db) throws SQLException {
    return DriverManager.getConnection(
        TestInfra.jdbcUrl(db), TestInfra.username(), TestInfra.password());
  }
}
