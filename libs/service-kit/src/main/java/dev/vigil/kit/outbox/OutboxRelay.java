package dev.vigil.kit.outbox;

import dev.vigil.kit.web.RequestIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
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
 *
 * <p>Pushed, not polled: a trigger notifies {@code vigil_outbox} at each commit that appends rows,
 * and the relay waits on its own {@code LISTEN} connection (outside the pool), polling only as the
 * fallback. Each batch takes the rows of the work-item topics ({@link
 * OutboxConfig#priorityTopics()}) first. A row Kafka can never take (too large, invalid topic) is
 * moved to {@code outbox_dead_letter} with its reason, counted and logged once, and the rows behind
 * it flow on.
 *
 * <p>A batch row ({@link JdbcOutbox#appendBatch}) is published as the records its service's {@link
 * OutboxExpander} makes of it, all in the batch's transaction; a batch row no expander reads is
 * dead-lettered, never published as it is.
 *
 * <p>A row appended during a request carries its id as the record's {@code X-Request-Id} header,
 * which consumers restore into the logging MDC ({@code dev.vigil.kit.consumer.RecordRequestIds}).
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  /** Arbitrary constant; advisory lock keys are per database, and each service owns its own. */
  private static final long RELAY_LOCK_KEY = 0x5649_4749_4c4fL;

  /** The channel the {@code outbox_event} trigger notifies. */
  static final String CHANNEL = "vigil_outbox";

  private static final String SELECT_PRIORITY =
      "SELECT id, topic, message_key, payload, request_id, event_type FROM outbox_event"
          + " WHERE published_at IS NULL AND topic = ANY (?)"
          + " ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED";
  private static final String SELECT_OTHERS =
      "SELECT id, topic, message_key, payload, request_id, event_type FROM outbox_event"
          + " WHERE published_at IS NULL AND NOT (topic = ANY (?))"
          + " ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED";
  private static final String DEAD_LETTER =
      "WITH moved AS (DELETE FROM outbox_event WHERE id = ? RETURNING *)"
          + " INSERT INTO outbox_dead_letter"
          + " (id, topic, message_key, event_type, payload, payload_bytes, created_at, reason)"
          + " SELECT id, topic, message_key, event_type, payload, octet_length(payload),"
          + " created_at, ? FROM moved";

  private static final byte[] CONTENT_TYPE =
      "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8);

  private final DataSource dataSource;
  private final OutboxConfig config;
  private final String bootstrapServers;
  private final String serviceName;
  private final Counter published;
  private final Counter failures;
  private final Counter deadLettered;

  private volatile boolean running;
  private Thread worker;
  private KafkaProducer<String, byte[]> producer;
  private long lastCleanup;
  private final NotificationListener listener;
  private final Map<String, OutboxExpander> expanders = new HashMap<>();

  public OutboxRelay(
      DataSource dataSource,
      OutboxConfig config,
      MeterRegistry registry,
      Instance<OutboxExpander> expanders,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      @ConfigProperty(name = "quarkus.application.name") String serviceName) {
    this.dataSource = dataSource;
    this.config = config;
    this.bootstrapServers = bootstrapServers;
    this.serviceName = serviceName;
    this.published = registry.counter("vigil.outbox.published");
    this.failures = registry.counter("vigil.outbox.publish.failures");
    this.deadLettered = registry.counter("vigil.outbox.dead.letters");
    this.listener = config.listen() ? NotificationListener.fromConfig(CHANNEL) : null;
    for (OutboxExpander expander : expanders) {
      this.expanders.put(expander.batchType(), expander);
    }
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
    if (listener != null) {
      listener.close();
    }
  }

  private void loop() {
    Duration backoff = Duration.ZERO;
    while (running) {
      try {
        int count = publishBatch();
        backoff = Duration.ZERO;
        if (count < config.batchSize()) {
          if (count == 0) {
            cleanUpIfDue();
          }
          awaitWork();
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

  /**
   * Waits for a notification, at most the poll interval; without a listening connection, sleeps
   * that long. Rows committed while a batch ran are found at once: their notification is queued.
   */
  private void awaitWork() throws InterruptedException {
    if (listener == null || !listener.await(config.pollInterval())) {
      Thread.sleep(config.pollInterval().toMillis());
    }
  }

  /**
   * One selected row and Kafka's answers for its records (one, or a batch row's many), or why it
   * can never be published.
   */
  private record Sent(UUID id, String topic, int bytes, List<Future<?>> acks, String refused) {}

  /**
   * Publishes one batch, work-item topics first; returns how many rows it handled (published or
   * dead-lettered).
   */
  int publishBatch() throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        if (!tryLock(connection)) {
          connection.rollback();
          return 0;
        }
        Array lane = connection.createArrayOf("text", config.priorityTopics().toArray());
        List<Sent> sent = new ArrayList<>();
        send(connection, SELECT_PRIORITY, lane, config.batchSize(), sent);
        if (sent.size() < config.batchSize()) {
          send(connection, SELECT_OTHERS, lane, config.batchSize() - sent.size(), sent);
        }
        if (sent.isEmpty()) {
          connection.commit();
          return 0;
        }
        List<UUID> ids = new ArrayList<>(sent.size());
        int dead = 0;
        long records = 0;
        for (Sent row : sent) {
          String reason = row.refused() != null ? row.refused() : awaitAcks(row.acks());
          if (reason == null) {
            ids.add(row.id());
            records += row.acks().size();
          } else {
            deadLetter(connection, row, reason);
            dead++;
          }
        }
        markPublished(connection, ids);
        connection.commit();
        published.increment(records);
        deadLettered.increment(dead);
        return sent.size();
      } catch (Exception e) {
        rollbackQuietly(connection);
        throw e;
      }
    }
  }

  private void send(Connection connection, String sql, Array lane, int limit, List<Sent> sent)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setArray(1, lane);
      select.setInt(2, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          UUID id = rows.getObject(1, UUID.class);
          String topic = rows.getString(2);
          String payload = rows.getString(4);
          String requestId = rows.getString(5);
          String eventType = rows.getString(6);
          if (!eventType.endsWith(OutboxExpander.BATCH_SUFFIX)) {
            byte[] value = payload.getBytes(StandardCharsets.UTF_8);
            Future<?> ack = producer().send(record(topic, rows.getString(3), value, requestId));
            sent.add(new Sent(id, topic, value.length, List.of(ack), null));
            continue;
          }
          OutboxExpander expander = expanders.get(eventType);
          if (expander == null) {
            sent.add(
                new Sent(id, topic, payload.length(), List.of(), "no expander for " + eventType));
            continue;
          }
          List<OutboxExpander.Record> expanded;
          try {
            expanded = expander.expand(id, payload);
          } catch (IllegalArgumentException e) {
            sent.add(new Sent(id, topic, payload.length(), List.of(), describe(e)));
            continue;
          }
          List<Future<?>> acks = new ArrayList<>(expanded.size());
          for (OutboxExpander.Record r : expanded) {
            acks.add(producer().send(record(topic, r.key(), r.value(), requestId)));
          }
          sent.add(new Sent(id, topic, payload.length(), acks, null));
        }
      }
    }
  }

  private static ProducerRecord<String, byte[]> record(
      String topic, String key, byte[] value, String requestId) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
    record.headers().add(new RecordHeader("content-type", CONTENT_TYPE));
    if (requestId != null) {
      record
          .headers()
          .add(new RecordHeader(RequestIds.HEADER, requestId.getBytes(StandardCharsets.US_ASCII)));
    }
    return record;
  }

  /**
   * Null when Kafka acknowledged every record of the row; otherwise the first reason Kafka can
   * never take one (a batch row's other records may be out already; consumers absorb them by id
   * should an operator replay the row).
   */
  private static String awaitAcks(List<Future<?>> acks) throws Exception {
    String reason = null;
    for (Future<?> ack : acks) {
      String refused = awaitAck(ack);
      if (reason == null) {
        reason = refused;
      }
    }
    return reason;
  }

  /**
   * Null when Kafka acknowledged the record; the reason when Kafka can never take it. Any other
   * failure (broker down, timeout) is thrown, and the whole batch is retried.
   */
  private static String awaitAck(Future<?> ack) throws Exception {
    try {
      ack.get(60, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RecordTooLargeException
          || cause instanceof InvalidTopicException
          || cause instanceof SerializationException) {
        return describe(cause);
      }
      throw e;
    }
  }

  private void deadLetter(Connection connection, Sent row, String reason) throws SQLException {
    String bounded = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    try (PreparedStatement move = connection.prepareStatement(DEAD_LETTER)) {
      move.setObject(1, row.id());
      move.setString(2, bounded);
      move.executeUpdate();
    }
    // Once per event: the row leaves the outbox here. Ids and sizes only, never the payload.
    LOG.errorf(
        "outbox relay: event %s for topic %s (%d bytes) can never be published and was moved to"
            + " outbox_dead_letter: %s",
        row.id(), row.topic(), row.bytes(), bounded);
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
    if (ids.isEmpty()) {
      return;
    }
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
