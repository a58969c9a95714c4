import dev.vigil.contracts.identity.InternalJwt;
import dev.vigil.testkit.LocalPorts;
import dev.vigil.testkit.TestInfra;
import dev.vigil.testkit.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Outbox relay latency, commit → Kafka, before (polling every 100 ms, one lane: the relay as it
 * was) and after (LISTEN/NOTIFY wake-up, work-item topics first), in the same run: two real
 * sync-service processes (a service with no Kafka consumers of its own), one per mode, each on its
 * own database of the same PostgreSQL and publishing to the same Kafka. The bench commits outbox
 * rows itself (the row the services' own code would write) and a Kafka consumer in this JVM
 * stamps their arrival; both clocks are this JVM's.
 *
 * <p>1. Single events at a low rate, the two modes interleaved, random gaps. 2. A work item
 * committed right after one transaction of {@code bench.backlog} other events (an upload's alert
 * events): its latency with and without the fast lane.
 */
public class OutboxBench {

  static final String WORK_TOPIC = "vigil.scanning.sarif.v1"; // the default fast lane
  static final String BULK_TOPIC = "vigil.alerts.v1";
  static final String PAYLOAD = "{\"specversion\":\"1.0\",\"bench\":\"" + "x".repeat(480) + "\"}";

  record Mode(String name, String database, int port, Process process, Path log) {}

  static final Map<String, Long> committedAt = new ConcurrentHashMap<>();
  static final Map<String, Long> receivedAt = new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int singles = Integer.getInteger("bench.singles", 200);
    int backlog = Integer.getInteger("bench.backlog", 20_000);
    int rounds = Integer.getInteger("bench.rounds", 5);
    Path work = Files.createTempDirectory("vigil-outbox-bench-");

    TestInfra.ensureStarted();
    List<Mode> modes = new ArrayList<>();
    modes.add(
        start(
            root,
            work,
            "polling",
            List.of(
                "-Dvigil.outbox.listen=false",
                "-Dvigil.outbox.poll-interval=PT0.1S",
                "-Dvigil.outbox.priority-topics=none")));
    modes.add(start(root, work, "notify", List.of()));
    Thread consumer = Thread.ofPlatform().daemon().name("bench-consumer").start(OutboxBench::consume);
    try {
      for (Mode mode : modes) {
        awaitReady(mode);
      }
      // Warm-up: both relays, JITs and the consumer's assignment; not measured.
      for (int i = 0; i < 40; i++) {
        for (Mode mode : modes) {
          commitOne(mode, WORK_TOPIC);
        }
        Thread.sleep(20);
      }
      awaitAll(Duration.ofSeconds(60));
      committedAt.clear();
      receivedAt.clear();

      Map<String, List<String>> ids = new ConcurrentHashMap<>();
      for (int i = 0; i < singles; i++) {
        for (Mode mode : (i % 2 == 0) ? modes : modes.reversed()) {
          ids.computeIfAbsent(mode.name(), k -> new ArrayList<>()).add(commitOne(mode, BULK_TOPIC));
          Thread.sleep(ThreadLocalRandom.current().nextInt(10, 40));
        }
      }
      awaitAll(Duration.ofSeconds(60));
      System.out.printf(
          Locale.ROOT, "%nsingle events, commit → Kafka (%d per mode, interleaved)%n", singles);
      for (Mode mode : modes) {
        print(mode.name(), ids.get(mode.name()));
      }

      System.out.printf(
          Locale.ROOT,
          "%nwork item committed right after one transaction of %,d other events (%d rounds)%n",
          backlog,
          rounds);
      Map<String, List<String>> workIds = new ConcurrentHashMap<>();
      Map<String, List<Long>> drains = new ConcurrentHashMap<>();
      for (int r = 0; r < rounds; r++) {
        for (Mode mode : modes) {
          long start = System.nanoTime();
          commitBacklog(mode, backlog);
          workIds.computeIfAbsent(mode.name(), k -> new ArrayList<>()).add(commitOne(mode, WORK_TOPIC));
          awaitDrained(mode, Duration.ofSeconds(120));
          drains
              .computeIfAbsent(mode.name(), k -> new ArrayList<>())
              .add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
      }
      awaitAll(Duration.ofSeconds(60));
      for (Mode mode : modes) {
        print(mode.name(), workIds.get(mode.name()));
        System.out.printf(
            Locale.ROOT,
            "  %-8s whole backlog relayed in %s ms (per round)%n",
            mode.name(),
            drains.get(mode.name()));
      }
      System.out.println("logs: " + work);
    } finally {
      for (Mode mode : modes) {
        mode.process().destroy();
      }
      for (Mode mode : modes) {
        if (!mode.process().waitFor(20, TimeUnit.SECONDS)) {
          mode.process().destroyForcibly();
        }
      }
      consumer.interrupt();
    }
  }

  static void print(String mode, List<String> ids) {
    List<Double> ms = new ArrayList<>();
    int lost = 0;
    for (String id : ids) {
      Long c = committedAt.get(id);
      Long r = receivedAt.get(id);
      if (c == null || r == null) {
        lost++;
      } else {
        ms.add((r - c) / 1e6);
      }
    }
    ms.sort(null);
    System.out.printf(
        Locale.ROOT,
        "  %-8s p50 %8.1f ms   p90 %8.1f ms   p99 %8.1f ms   max %8.1f ms   (n=%d%s)%n",
        mode,
        pct(ms, 0.50),
        pct(ms, 0.90),
        pct(ms, 0.99),
        ms.isEmpty() ? Double.NaN : ms.get(ms.size() - 1),
        ms.size(),
        lost == 0 ? "" : ", " + lost + " not received");
  }

  static double pct(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  static Connection connect(Mode mode) throws Exception {
    return DriverManager.getConnection(
        TestInfra.jdbcUrl(mode.database()), TestInfra.username(), TestInfra.password());
  }

  static final Map<String, Connection> CONNECTIONS = new ConcurrentHashMap<>();

  /** Commits one outbox row keyed by its own id; returns the id. */
  static String commitOne(Mode mode, String topic) throws Exception {
    Connection c = CONNECTIONS.computeIfAbsent(mode.name(), k -> open(mode));
    String id = UUID.randomUUID().toString();
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO outbox_event (id, topic, message_key, event_type, payload)"
                + " VALUES (?::uuid, ?, ?, 'bench', ?)")) {
      insert.setString(1, id);
      insert.setString(2, topic);
      insert.setString(3, id);
      insert.setString(4, PAYLOAD);
      insert.executeUpdate(); // autocommit
    }
    committedAt.put(id, System.nanoTime());
    return id;
  }

  static Connection open(Mode mode) {
    try {
      return connect(mode);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** One transaction of {@code n} rows on the bulk topic, as one upload's alert events. */
  static void commitBacklog(Mode mode, int n) throws Exception {
    Connection c = CONNECTIONS.computeIfAbsent(mode.name(), k -> open(mode));
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO outbox_event (id, topic, message_key, event_type, payload)"
                + " SELECT gen_random_uuid(), ?, 'bulk-' || (i % 97), 'bench', ?"
                + " FROM generate_series(1, ?) i")) {
      insert.setString(1, BULK_TOPIC);
      insert.setString(2, PAYLOAD);
      insert.setInt(3, n);
      insert.executeUpdate();
    }
  }

  static void awaitDrained(Mode mode, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    Connection c = CONNECTIONS.computeIfAbsent(mode.name(), k -> open(mode));
    while (System.nanoTime() < deadline) {
      try (var s = c.createStatement();
          var rs = s.executeQuery("SELECT count(*) FROM outbox_event WHERE published_at IS NULL")) {
        rs.next();
        if (rs.getLong(1) == 0) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(mode.name() + ": outbox not drained in " + limit);
  }

  static void awaitAll(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline && !receivedAt.keySet().containsAll(committedAt.keySet())) {
      Thread.sleep(50);
    }
  }

  static void consume() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-bench-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(WORK_TOPIC, BULK_TOPIC));
      while (!Thread.currentThread().isInterrupted()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
          long now = System.nanoTime();
          if (record.key() != null && !record.key().startsWith("bulk-")) {
            receivedAt.putIfAbsent(record.key(), now);
          }
        }
      }
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      // stopping
    }
  }

  static Mode start(Path root, Path work, String name, List<String> options) throws IOException {
    Path jar = root.resolve("sync-service/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("build sync-service first: " + jar + " is missing");
    }
    String database = TestInfra.createDatabase();
    Path log = work.resolve("sync-service-" + name + ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC"));
    int port = LocalPorts.freePort();
    cmd.add("-Dquarkus.http.port=" + port);
    cmd.add("-Dquarkus.datasource.username=" + TestInfra.username());
    cmd.add("-Dquarkus.datasource.password=" + TestInfra.password());
    cmd.add("-Dquarkus.datasource.jdbc.url=" + TestInfra.jdbcUrl(database));
    cmd.add("-Dquarkus.datasource.reactive.url=" + TestInfra.reactiveUrl(database));
    cmd.add("-Dkafka.bootstrap.servers=" + TestInfra.kafkaBootstrapServers());
    cmd.add("-Dmp.jwt.verify.publickey.location=" + TestTokens.jwksLocation());
    cmd.add("-Dmp.jwt.verify.issuer=" + InternalJwt.ISSUER);
    cmd.add("-Dvigil.log.json=false");
    cmd.addAll(options);
    cmd.add("-jar");
    cmd.add(jar.toString());
    Process process =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Mode(name, database, port, process, log);
  }

  static void awaitReady(Mode mode) throws Exception {
    int port = mode.port();
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!mode.process().isAlive()) {
        throw new IllegalStateException(mode.name() + ": sync-service exited; see " + mode.log());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(mode.name() + ": not ready in time; see " + mode.log());
  }
}
