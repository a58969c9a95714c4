package dev.vigil.kit.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.Topics;
import dev.vigil.contracts.events.scanning.SarifReceived;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * An event Kafka can never take does not stall the outbox: it moves to {@code outbox_dead_letter}
 * with its reason, shows in a metric and in readiness data, and the events behind it arrive. The
 * producer side refuses such an event before its transaction commits. A backlog older than the
 * configured age turns readiness DOWN.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class OutboxDeadLetterTest {

  /** OutboxRelay's advisory lock key: holding it stops the relay without stopping the app. */
  private static final long RELAY_LOCK_KEY = 0x5649_4749_4c4fL;

  @Inject DataSource dataSource;
  @Inject Outbox outbox;

  @Test
  void anOversizedEventIsDeadLetteredAndTheEventsBehindItArrive() throws Exception {
    UUID tenant = UUID.randomUUID();
    // Planted as a bug would leave it: 3 MB in one field, past the producer-side check.
    CloudEvent<SarifReceived> oversized = event(tenant, "r".repeat(3_000_000));
    byte[] oversizedJson = EventJson.write(oversized);
    List<CloudEvent<SarifReceived>> behind =
        List.of(event(tenant, "refs/heads/a"), event(tenant, "refs/heads/b"));
    double deadBefore = deadLetterMetric();

    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO outbox_event (id, topic, message_key, event_type, payload)"
                  + " VALUES (?::uuid, ?, ?, ?, ?)")) {
        insert.setString(1, oversized.id());
        insert.setString(2, Topics.SCANNING_SARIF);
        insert.setString(3, "acme/dead-letter");
        insert.setString(4, EventType.SARIF_RECEIVED.type());
        insert.setString(5, new String(oversizedJson, StandardCharsets.UTF_8));
        insert.executeUpdate();
      }
      JdbcOutbox.append(
          connection,
          behind.stream().map(e -> new JdbcOutbox.Keyed(e, "acme/dead-letter")).toList());
      connection.commit();
    }

    awaitTrue(() -> received(behind.get(0).id(), behind.get(1).id()) == 2);
    assertThat(received(behind.get(0).id(), behind.get(1).id()))
        .as("events committed after the oversized one reach the consumer through Kafka")
        .isEqualTo(2);

    Map<String, Object> dead = deadLetter(oversized.id());
    assertThat(dead).as("dead-letter row").isNotNull();
    assertThat((String) dead.get("reason")).contains("RecordTooLargeException");
    assertThat(dead.get("payload_bytes")).isEqualTo(oversizedJson.length);
    assertThat(dead.get("topic")).isEqualTo(Topics.SCANNING_SARIF);
    assertThat(count("SELECT count(*) FROM outbox_event WHERE id = ?::uuid", oversized.id()))
        .as("left in the outbox")
        .isZero();
    assertThat(deadLetterMetric() - deadBefore).isEqualTo(1.0);

    JsonPath ready = given().get("/q/health/ready").then().extract().jsonPath();
    assertThat(ready.getInt("checks.find { it.name == 'outbox' }.data.deadLetters"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void theProducerSideRefusesAnOversizedEventBeforeCommit() throws Exception {
    UUID tenant = UUID.randomUUID();
    CloudEvent<SarifReceived> oversized = event(tenant, "r".repeat(Outbox.MAX_EVENT_BYTES));

    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      assertThatThrownBy(
              () ->
                  JdbcOutbox.append(
                      connection, List.of(new JdbcOutbox.Keyed(oversized, "acme/too-big"))))
          .isInstanceOf(OversizedEventException.class)
          .hasMessageContaining(oversized.id())
          .hasMessageContaining("above the outbox limit of 1000000 bytes");
      connection.rollback();
    }
    assertThatThrownBy(
            () ->
                VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withTransaction(() -> outbox.append(oversized, "acme/too-big"))))
        .isInstanceOf(OversizedEventException.class);
    assertThat(count("SELECT count(*) FROM outbox_event WHERE id = ?::uuid", oversized.id()))
        .isZero();
  }

  @Test
  void readinessIsDownWhileTheBacklogIsOlderThanAllowed() throws Exception {
    CloudEvent<SarifReceived> late = event(UUID.randomUUID(), "refs/heads/late");
    try (Connection relayStopper = dataSource.getConnection()) {
      lock(relayStopper, "SELECT pg_advisory_lock(?)");
      try (PreparedStatement insert =
          relayStopper.prepareStatement(
              "INSERT INTO outbox_event (id, topic, message_key, event_type, payload, created_at)"
                  + " VALUES (?::uuid, ?, ?, ?, ?, now() - interval '1 hour')")) {
        insert.setString(1, late.id());
        insert.setString(2, Topics.SCANNING_SARIF);
        insert.setString(3, "acme/backlog");
        insert.setString(4, EventType.SARIF_RECEIVED.type());
        insert.setString(5, new String(EventJson.write(late), StandardCharsets.UTF_8));
        insert.executeUpdate();
      }

      given()
          .get("/q/health/ready")
          .then()
          .statusCode(503)
          .body("checks.find { it.name == 'outbox' }.status", org.hamcrest.Matchers.is("DOWN"))
          .body(
              "checks.find { it.name == 'outbox' }.data.oldestPendingSeconds",
              org.hamcrest.Matchers.greaterThanOrEqualTo(3600));

      lock(relayStopper, "SELECT pg_advisory_unlock(?)");
    }
    awaitTrue(() -> received(late.id()) == 1);
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'outbox' }.status", org.hamcrest.Matchers.is("UP"));
  }

  private static CloudEvent<SarifReceived> event(UUID tenant, String ref) {
    return CloudEvent.of(
        EventType.SARIF_RECEIVED,
        "/vigil/kit-test-service",
        "acme/dead-letter",
        tenant,
        new SarifReceived(UUID.randomUUID(), "acme/dead-letter", "d".repeat(40), ref, null, 1));
  }

  private static void lock(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, RELAY_LOCK_KEY);
      statement.execute();
    }
  }

  private static double deadLetterMetric() {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    return metrics
        .lines()
        .filter(line -> line.startsWith("vigil_outbox_dead_letters_total"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  private long received(String... ids) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(DISTINCT event_id) FROM kit_received WHERE event_id = ANY (?)")) {
      query.setArray(1, connection.createArrayOf("text", ids));
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long count(String sql, String id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, id);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  private Map<String, Object> deadLetter(String id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT topic, reason, payload_bytes FROM outbox_dead_letter WHERE id = ?::uuid")) {
      query.setString(1, id);
      try (ResultSet result = query.executeQuery()) {
        if (!result.next()) {
          return null;
        }
        return Map.of(
            "topic", result.getString(1),
            "reason", result.getString(2),
            "payload_bytes", result.getInt(3));
      }
    }
  }
}
