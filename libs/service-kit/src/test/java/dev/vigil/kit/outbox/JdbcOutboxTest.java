package dev.vigil.kit.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.Topics;
import dev.vigil.contracts.events.scanning.SarifReceived;
import dev.vigil.kit.testapp.RecordingConsumer;
import dev.vigil.kit.testapp.SarifReceivedBatches;
import dev.vigil.kit.testing.KafkaProbe;
import dev.vigil.kit.web.RequestIds;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

/**
 * Events appended from a plain JDBC transaction reach consumers through the same relay as the
 * reactive outbox's, with the key and type a consumer reads; a rolled-back transaction publishes
 * nothing.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class JdbcOutboxTest {

  @Inject DataSource dataSource;
  @Inject RecordingConsumer consumer;

  @Test
  void committedEventsArePublishedAndRolledBackOnesAreNot() throws Exception {
    UUID tenant = UUID.randomUUID();
    CloudEvent<SarifReceived> first = event(tenant, 1);
    CloudEvent<SarifReceived> second = event(tenant, 2);
    CloudEvent<SarifReceived> rolledBack = event(tenant, 3);

    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      JdbcOutbox.append(
          connection,
          List.of(
              new JdbcOutbox.Keyed(first, "acme/jdbc"), new JdbcOutbox.Keyed(second, "acme/jdbc")));
      connection.commit();

      JdbcOutbox.append(connection, List.of(new JdbcOutbox.Keyed(rolledBack, "acme/jdbc")));
      connection.rollback();
    }

    awaitUntil(() -> received(first.id(), second.id()) >= 2);
    assertThat(received(first.id(), second.id())).as("committed events handled").isEqualTo(2);
    assertThat(rows(rolledBack.id())).as("rolled-back event stored").isZero();
    assertThat(storedKey(first.id())).isEqualTo("acme/jdbc");
  }

  @Test
  void theRequestIdOfTheAppendingWorkTravelsAsAHeaderIntoTheConsumersMdc() throws Exception {
    UUID tenant = UUID.randomUUID();
    CloudEvent<SarifReceived> traced = event(tenant, 4);
    CloudEvent<SarifReceived> untraced = event(tenant, 5);
    String requestId = "req-" + UUID.randomUUID();

    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      MDC.put(RequestIds.MDC_KEY, requestId);
      try {
        JdbcOutbox.append(connection, List.of(new JdbcOutbox.Keyed(traced, "acme/jdbc")));
      } finally {
        MDC.remove(RequestIds.MDC_KEY);
      }
      JdbcOutbox.append(connection, List.of(new JdbcOutbox.Keyed(untraced, "acme/jdbc")));
      connection.commit();
    }

    assertThat(requestIdHeader(traced.id())).isEqualTo(requestId);
    assertThat(requestIdHeader(untraced.id())).as("work no request started").isNull();
    awaitUntil(() -> received(traced.id(), untraced.id()) >= 2);
    assertThat(received(traced.id(), untraced.id())).isEqualTo(2);
    assertThat(consumer.requestIdSeenBy(traced.id())).isEqualTo(requestId);
    assertThat(consumer.requestIdSeenBy(untraced.id())).isNull();
  }

  @Test
  void aBatchRowIsPublishedAsOneRecordPerEventWithStableIds() throws Exception {
    UUID tenant = UUID.randomUUID();
    UUID rowId;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      rowId =
          JdbcOutbox.appendBatch(
              connection,
              Topics.SCANNING_SARIF,
              SarifReceivedBatches.BATCH_TYPE,
              "acme/batch",
              tenant + ",acme/batch,refs/heads/a,refs/heads/b,refs/heads/c");
      connection.commit();
    }
    List<String> ids =
        List.of(0, 1, 2).stream().map(i -> OutboxExpander.eventId(rowId, i).toString()).toList();
    assertThat(ids).doesNotHaveDuplicates();

    awaitUntil(() -> received(ids.toArray(String[]::new)) >= 3);
    assertThat(received(ids.toArray(String[]::new))).as("one event per ref handled").isEqualTo(3);
    ConsumerRecord<String, byte[]> second =
        KafkaProbe.find(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                Topics.SCANNING_SARIF,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(ids.get(1)),
                Duration.ofSeconds(30))
            .orElseThrow();
    assertThat(second.key()).isEqualTo("acme/batch");
    assertThat(new String(second.value(), StandardCharsets.UTF_8)).contains("refs/heads/b");
  }

  @Test
  void aBatchRowNoExpanderReadsIsDeadLetteredNotPublishedAsItIs() throws Exception {
    UUID rowId;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      rowId =
          JdbcOutbox.appendBatch(
              connection, Topics.SCANNING_SARIF, "unknown" + OutboxExpander.BATCH_SUFFIX, "k", "x");
      connection.commit();
    }
    awaitUntil(() -> deadLetterReason(rowId) != null);
    assertThat(deadLetterReason(rowId)).isEqualTo("no expander for unknown+batch");
  }

  private String deadLetterReason(UUID id) throws SQLException {
    return text("SELECT reason FROM outbox_dead_letter WHERE id = ?::uuid", id.toString());
  }

  /** A condition over the database, checked every 200 ms for at most a minute. */
  private interface Check {
    boolean holds() throws SQLException;
  }

  private static void awaitUntil(Check check) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!check.holds() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  private static String requestIdHeader(String eventId) {
    ConsumerRecord<String, byte[]> record =
        KafkaProbe.find(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                Topics.SCANNING_SARIF,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(eventId),
                Duration.ofSeconds(30))
            .orElseThrow(() -> new AssertionError("event " + eventId + " not published"));
    Header header = record.headers().lastHeader(RequestIds.HEADER);
    return header == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
  }

  private static CloudEvent<SarifReceived> event(UUID tenant, int i) {
    return CloudEvent.of(
        EventType.SARIF_RECEIVED,
        "/vigil/kit-test-service",
        "acme/jdbc",
        tenant,
        new SarifReceived(
            UUID.randomUUID(), "acme/jdbc", "c".repeat(40), "refs/heads/main", null, i));
  }

  private long received(String... ids) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        var query =
            connection.prepareStatement(
                "SELECT count(DISTINCT event_id) FROM kit_received WHERE event_id = ANY (?)")) {
      query.setArray(1, connection.createArrayOf("text", ids));
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  private long rows(String id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        var query =
            connection.prepareStatement("SELECT count(*) FROM outbox_event WHERE id = ?::uuid")) {
      query.setString(1, id);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  private String storedKey(String id) throws SQLException {
    return text("SELECT message_key FROM outbox_event WHERE id = ?::uuid", id);
  }

  /** The first column of the query's first row, or null. */
  private String text(String sql, String parameter) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        var query = connection.prepareStatement(sql)) {
      query.setString(1, parameter);
      try (ResultSet result = query.executeQuery()) {
        return result.next() ? result.getString(1) : null;
      }
    }
  }
}
