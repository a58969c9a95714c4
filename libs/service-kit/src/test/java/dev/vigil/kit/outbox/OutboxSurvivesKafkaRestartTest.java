package dev.vigil.kit.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.scanning.SarifReceived;
import dev.vigil.kit.testapp.RecordingConsumer;
import dev.vigil.testkit.TestInfra;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Kills the real Kafka broker process while events are being appended, restarts it, and shows that
 * every event is delivered and handled exactly once by an idempotent consumer.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class OutboxSurvivesKafkaRestartTest {

  private static final Logger LOG = Logger.getLogger(OutboxSurvivesKafkaRestartTest.class);
  private static final int EVENTS = 300;
  private static final int KILL_AFTER = 100;

  @Inject Outbox outbox;
  @Inject RecordingConsumer consumer;
  @Inject DataSource dataSource;

  @Test
  void everyEventIsDeliveredAndHandledExactlyOnceAcrossABrokerCrash() throws Exception {
    assumeTrue(
        TestInfra.kafkaIsControllable(),
        "skipped: the broker is external (VIGIL_TEST_KAFKA or Testcontainers) and cannot be killed");
    UUID tenant = UUID.randomUUID();
    List<String> ids = new ArrayList<>();
    CountDownLatch killPoint = new CountDownLatch(1);
    AtomicReference<Throwable> appendFailure = new AtomicReference<>();

    Thread appender =
        Thread.ofPlatform()
            .name("test-appender")
            .start(
                () -> {
                  try {
                    for (int i = 0; i < EVENTS; i++) {
                      CloudEvent<SarifReceived> event = event(tenant, i);
                      String key = "acme/repo-" + (i % 7);
                      synchronized (ids) {
                        ids.add(event.id());
                      }
                      VertxContextSupport.subscribeAndAwait(
                          () -> Panache.withTransaction(() -> outbox.append(event, key)));
                      if (i == KILL_AFTER) {
                        killPoint.countDown();
                      }
                      Thread.sleep(10);
                    }
                  } catch (Throwable e) {
                    appendFailure.set(e);
                    killPoint.countDown();
                  }
                });

    assertThat(killPoint.await(60, TimeUnit.SECONDS)).isTrue();
    TestInfra.killKafka();
    LOG.info("broker killed; appends go on while it is down");
    Thread.sleep(4_000);
    TestInfra.restartKafka();
    LOG.info("broker restarted");
    appender.join(120_000);
    assertThat(appendFailure.get()).as("appends never depend on Kafka").isNull();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (distinctReceived(ids) < EVENTS && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertThat(distinctReceived(ids)).as("events handled").isEqualTo(EVENTS);
    assertThat(duplicatesHandled()).as("events handled more than once").isZero();
    assertThat(unpublished()).as("outbox rows left unpublished").isZero();
    assertThat(consumer.deliveries()).isGreaterThanOrEqualTo(EVENTS);
    LOG.infof("%d events, %d Kafka deliveries, each handled once", EVENTS, consumer.deliveries());
  }

  private static CloudEvent<SarifReceived> event(UUID tenant, int i) {
    return CloudEvent.of(
        EventType.SARIF_RECEIVED,
        "/vigil/kit-test-service",
        "acme/repo",
        tenant,
        new SarifReceived(
            UUID.randomUUID(), "acme/repo-" + (i % 7), "b".repeat(40), "refs/heads/main", null, i));
  }

  private long distinctReceived(List<String> ids) throws SQLException {
    String[] wanted;
    synchronized (ids) {
      wanted = ids.toArray(String[]::new);
    }
    try (Connection connection = dataSource.getConnection();
        var query =
            connection.prepareStatement(
                "SELECT count(DISTINCT event_id) FROM kit_received WHERE event_id = ANY (?)")) {
      query.setArray(1, connection.createArrayOf("text", wanted));
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  private long duplicatesHandled() throws SQLException {
    return count(
        "SELECT count(*) FROM (SELECT event_id FROM kit_received GROUP BY event_id HAVING count(*) > 1) d");
  }

  private long unpublished() throws SQLException {
    return count("SELECT count(*) FROM outbox_event WHERE published_at IS NULL");
  }

  private long count(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}
