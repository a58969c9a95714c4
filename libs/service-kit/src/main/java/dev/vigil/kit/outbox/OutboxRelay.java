package dev.vigil.kit.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka, oldest first, then marks them published in the same database
 * transaction that locked them. At-least-once: a crash between the Kafka ack and the commit
 * republishes the batch, which consumers absorb by event id.
 *
 * <p>Several replicas are safe: each batch runs under a transaction-scoped advisory lock, so one
 * relay publishes at a time and per-key order is kept; rows are also locked with {@code FOR UPDATE
 * SKIP LOCKED}. JDBC and a blocking producer on a dedicated thread keep this loop simple and off
 * the event loop.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  /** Arbitrary constant; advisory lock keys are per database, and each service owns its own. */
  private static final long RELAY_LOCK_KEY = 0x5649_4749_4c4fL;

  private static final String SELECT_BATCH =
      "SELECT id, topic, message_key, payload FROM outbox_event"
          + " WHERE published_at IS NULL ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED";

  private final DataSource dataSource;
  private final OutboxConfig config;
  private final String bootstrapServers;
  private final String serviceName;
  private final Counter published;
  private final Counter failures;

  private volatile boolean running;
  private Thread worker;
  private KafkaProducer<String, byte[]> producer;
  private long lastCleanup;

  public OutboxRelay(
      DataSource dataSource,
      OutboxConfig config,
      MeterRegistry registry,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      @ConfigProperty(name = "quarkus.application.name") String serviceName) {
    this.dataSource = dataSource;
    this.config = config;
    this.bootstrapServers = bootstrapServers;
    this.serviceName = serviceName;
    this.published = registry.counter("vigil.outbox.published");
    this.failures = registry.counter("vigil.outbox.publish.failures");
  }

  void start(@Observes StartupEvent event) {
    if (!config.enabled()) {
      return;
    }
    running = true;
    worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
  }

  void stop(@Observes ShutdownEvent event) {
    running = false;
    if (worker != null) {
      worker.interrupt();
      try {
        worker.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeProducer();
  }

  private void loop() {
    Duration backoff = Duration.ZERO;
    while (running) {
      try {
        int count = publishBatch();
        backoff = Duration.ZERO;
        if (count == 0) {
          cleanUpIfDue();
          Thread.sleep(config.pollInterval().toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        failures.increment();
        closeProducer(); // a producer that failed may be in a fatal state; start afresh
        backoff = nextBackoff(backoff);
        LOG.warnf(
            "outbox relay: publishing failed (%s); retrying in %d ms",
            describe(e), backoff.toMillis());
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Publishes one batch; returns how many rows were published. */
  int publishBatch() throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        if (!tryLock(connection)) {
          connection.rollback();
          return 0;
        }
        List<UUID> ids = new ArrayList<>();
        List<Future<?>> acks = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_BATCH)) {
          select.setInt(1, config.batchSize());
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              ids.add(rows.getObject(1, UUID.class));
              ProducerRecord<String, byte[]> record =
                  new ProducerRecord<>(
                      rows.getString(2),
                      rows.getString(3),
                      rows.getString(4).getBytes(StandardCharsets.UTF_8));
              record
                  .headers()
                  .add(
                      new RecordHeader(
                          "content-type",
                          "application/cloudevents+json; charset=UTF-8"
                              .getBytes(StandardCharsets.UTF_8)));
              acks.add(producer().send(record));
            }
          }
        }
        if (ids.isEmpty()) {
          connection.commit();
          return 0;
        }
        for (Future<?> ack : acks) {
          ack.get(60, TimeUnit.SECONDS);
        }
        markPublished(connection, ids);
        connection.commit();
        published.increment(ids.size());
        return ids.size();
      } catch (Exception e) {
        rollbackQuietly(connection);
        throw e;
      }
    }
  }

  private static boolean tryLock(Connection connection) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
      lock.setLong(1, RELAY_LOCK_KEY);
      try (ResultSet result = lock.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }

  private static void markPublished(Connection connection, List<UUID> ids) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE outbox_event SET published_at = now(), attempts = attempts + 1"
                + " WHERE id = ANY (?)")) {
      Array array = connection.createArrayOf("uuid", ids.toArray());
      update.setArray(1, array);
      update.executeUpdate();
    }
  }

  private void cleanUpIfDue() throws SQLException {
    long now = System.currentTimeMillis();
    if (now - lastCleanup < 60_000) {
      return;
    }
    lastCleanup = now;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM outbox_event WHERE published_at < now() - make_interval(secs => ?)")) {
      delete.setLong(1, config.retention().toSeconds());
      delete.executeUpdate();
    }
  }

  private KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      props.put(ProducerConfig.CLIENT_ID_CONFIG, serviceName + "-outbox");
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
      props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      // Fail a batch in bounded time so the relay can back off and retry the rows.
      props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
      props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
      props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
      props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      producer = new KafkaProducer<>(props);
    }
    return producer;
  }

  private void closeProducer() {
    if (producer != null) {
      try {
        producer.close(Duration.ofSeconds(2));
      } catch (RuntimeException e) {
        LOG.debug("closing outbox producer failed", e);
      }
      producer = null;
    }
  }

  private Duration nextBackoff(Duration current) {
    Duration next = current.isZero() ? Duration.ofMillis(200) : current.multipliedBy(2);
    return next.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : next;
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed", e);
    }
  }

  /** Exception type and message only: payloads never reach the log. */
  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
