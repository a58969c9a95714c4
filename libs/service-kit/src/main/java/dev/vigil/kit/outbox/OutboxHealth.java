package dev.vigil.kit.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the outbox: DOWN while an unpublished event is older than {@link
 * OutboxConfig#maxBacklogAge()} (Kafka unreachable, or the relay stalled), with the backlog's size
 * and age and the number of dead-lettered events as data.
 */
@Readiness
@ApplicationScoped
public class OutboxHealth implements HealthCheck {

  private static final String QUERY =
      "SELECT (SELECT count(*) FROM outbox_event WHERE published_at IS NULL),"
          + " (SELECT extract(epoch FROM clock_timestamp() - min(created_at))"
          + "    FROM outbox_event WHERE published_at IS NULL),"
          + " (SELECT count(*) FROM outbox_dead_letter)";

  private final DataSource dataSource;
  private final OutboxConfig config;

  public OutboxHealth(DataSource dataSource, OutboxConfig config) {
    this.dataSource = dataSource;
    this.config = config;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox");
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(QUERY)) {
      row.next();
      long pending = row.getLong(1);
      double oldestSeconds = row.getDouble(2); // 0 when nothing is pending
      long deadLetters = row.getLong(3);
      boolean stale = oldestSeconds > config.maxBacklogAge().toSeconds();
      return response
          .status(!stale)
          .withData("pending", pending)
          .withData("oldestPendingSeconds", (long) oldestSeconds)
          .withData("maxBacklogSeconds", config.maxBacklogAge().toSeconds())
          .withData("deadLetters", deadLetters)
          .build();
    } catch (SQLException e) {
      return response.down().withData("error", "outbox tables unreadable").build();
    }
  }
}
