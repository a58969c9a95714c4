package dev.vigil.sync.service;

import dev.vigil.kit.errors.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** Runs work in one JDBC transaction: committed when it returns, rolled back when it throws. */
@ApplicationScoped
public class Transactions {

  private static final Logger LOG = Logger.getLogger(Transactions.class);
  private static final String UNIQUE_VIOLATION = "23505";

  /** Work on a connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;

  public Transactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public <T> T inTransaction(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw ApiException.conflict("already exists");
      }
      LOG.error("database failure", e);
      throw new IllegalStateException("database failure", e);
    }
  }
}
