package dev.vigil.testkit;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.vigil.contracts.events.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jboss.logmanager.LogContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL server and one real Kafka broker per test JVM, started on first use and
 * stopped by a shutdown hook.
 *
 * <p>Each is taken from the first source that works: an environment override ({@code
 * VIGIL_TEST_PG_URL}, a JDBC URL with user and password of a role allowed to CREATE DATABASE;
 * {@code VIGIL_TEST_KAFKA}, bootstrap servers), else Testcontainers if a Docker engine answers
 * ({@code VIGIL_TEST_DOCKER=false} skips the probe), else embedded: zonky's PostgreSQL binaries and
 * a KRaft broker in a child JVM ({@link KafkaBrokerProcess}). Only the embedded broker can be
 * killed and restarted.
 *
 * <p>Thread-safe. Under Quarkus tests the state lives in the system class loader's copy of this
 * class, however many Quarkus class loaders load it (see {@link JvmWide}).
 */
public final class TestInfra {

  private static final System.Logger LOG = System.getLogger(TestInfra.class.getName());
  private static final Class<?> SYSTEM_COPY = JvmWide.systemCopyOf(TestInfra.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

  private static final Object LOCK = new Object();
  private static final Object KAFKA_LOCK = new Object();
  private static volatile Infra infra;
  private static RuntimeException failure; // guarded by LOCK; a failed start is not retried

  // What the shutdown hook stops, in this order; filled as things start so a half-done start is
  // cleaned up too.
  private static final List<AutoCloseable> KAFKA_STOPS = new CopyOnWriteArrayList<>();
  private static final List<AutoCloseable> PG_STOPS = new CopyOnWriteArrayList<>();
  private static final List<Path> TEMP_DIRS = new CopyOnWriteArrayList<>();
  private static boolean hookRegistered; // guarded by LOCK

  // Strong references, so the levels set below stay put.
  private static final List<org.jboss.logmanager.Logger> QUIETED = new ArrayList<>();

  private TestInfra() {}

  private record Postgres(
      String source,
      String host,
      int port,
      String user,
      String password,
      String adminDatabase,
      String jdbcParameters) {}

  private record Kafka(String source, String bootstrapServers, KafkaBrokerProcess broker) {}

  private record Infra(Postgres postgres, Kafka kafka) {}

  /** Starts PostgreSQL and Kafka if not yet done (and restarts a killed embedded broker). */
  public static void ensureStarted() {
    if (SYSTEM_COPY != null) {
      JvmWide.call(SYSTEM_COPY, "ensureStarted");
      return;
    }
    Kafka kafka = infra().kafka();
    if (kafka.broker() != null && !kafka.broker().isRunning()) {
      restartKafka(); // a test killed it and did not bring it back
    }
  }

  /** Bootstrap servers of the broker; stays the same across {@link #restartKafka()}. */
  public static String kafkaBootstrapServers() {
    if (SYSTEM_COPY != null) {
      return (String) JvmWide.call(SYSTEM_COPY, "kafkaBootstrapServers");
    }
    return infra().kafka().bootstrapServers();
  }

  /** True only for the embedded broker child process, which {@link #killKafka()} can kill. */
  public static boolean kafkaIsControllable() {
    if (SYSTEM_COPY != null) {
      return (Boolean) JvmWide.call(SYSTEM_COPY, "kafkaIsControllable");
    }
    return infra().kafka().broker() != null;
  }

  /** SIGKILLs the broker process and waits until it is gone. */
  public static void killKafka() {
    if (SYSTEM_COPY != null) {
      JvmWide.call(SYSTEM_COPY, "killKafka");
      return;
    }
    KafkaBrokerProcess broker = controllableBroker();
    synchronized (KAFKA_LOCK) {
      try {
        broker.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while killing Kafka", e);
      }
    }
  }

  /**
   * Starts the broker again on the same port and data directory; returns once it answers a metadata
   * request and every Vigil topic has a leader. No-op if it is running.
   */
  public static void restartKafka() {
    if (SYSTEM_COPY != null) {
      JvmWide.call(SYSTEM_COPY, "restartKafka");
      return;
    }
    KafkaBrokerProcess broker = controllableBroker();
    synchronized (KAFKA_LOCK) {
      if (broker.isRunning()) {
        return;
      }
      try {
        broker.start(START_TIMEOUT);
        KafkaBrokerProcess.ensureTopics(
            broker.bootstrapServers(), Topics.ALL, Topics.PARTITIONS, TOPIC_TIMEOUT);
      } catch (IOException e) {
        throw new UncheckedIOException("could not restart Kafka", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while restarting Kafka", e);
      }
    }
  }

  /** Creates a database with a fresh random name and returns the name. */
  public static String createDatabase() {
    if (SYSTEM_COPY != null) {
      return (String) JvmWide.call(SYSTEM_COPY, "createDatabase");
    }
    Postgres pg = infra().postgres();
    String name = "test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = connect(pg, pg.adminDatabase());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE \"" + name + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return name;
  }

  /** {@code jdbc:postgresql://host:port/database}. */
  public static String jdbcUrl(String database) {
    if (SYSTEM_COPY != null) {
      return (String) JvmWide.call(SYSTEM_COPY, "jdbcUrl", new Class<?>[] {String.class}, database);
    }
    Postgres pg = infra().postgres();
    return "jdbc:" + hostPortDb(pg, database) + pg.jdbcParameters();
  }

  /** {@code postgresql://host:port/database}, the form Quarkus' reactive client takes. */
  public static String reactiveUrl(String database) {
    if (SYSTEM_COPY != null) {
      return (String)
          JvmWide.call(SYSTEM_COPY, "reactiveUrl", new Class<?>[] {String.class}, database);
    }
    return hostPortDb(infra().postgres(), database);
  }

  /** The PostgreSQL role; it may create databases. */
  public static String username() {
    if (SYSTEM_COPY != null) {
      return (String) JvmWide.call(SYSTEM_COPY, "username");
    }
    return infra().postgres().user();
  }

  public static String password() {
    if (SYSTEM_COPY != null) {
      return (String) JvmWide.call(SYSTEM_COPY, "password");
    }
    return infra().postgres().password();
  }

  // ---------------------------------------------------------------------------------------------

  private static Infra infra() {
    Infra current = infra;
    if (current != null) {
      return current;
    }
    synchronized (LOCK) {
      if (infra != null) {
        return infra;
      }
      if (failure != null) {
        throw failure;
      }
      try {
        infra = start();
        return infra;
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
    }
  }

  private static KafkaBrokerProcess controllableBroker() {
    KafkaBrokerProcess broker = infra().kafka().broker();
    if (broker == null) {
      throw new IllegalStateException(
          "Kafka comes from "
              + infra().kafka().source()
              + "; only the embedded broker can be"
              + " killed and restarted (check TestInfra.kafkaIsControllable())");
    }
    return broker;
  }

  private static Infra start() {
    if (!hookRegistered) {
      Thread hook = new Thread(TestInfra::stopAll, "vigil-test-infra-stop");
      hook.setContextClassLoader(TestInfra.class.getClassLoader());
      Runtime.getRuntime().addShutdownHook(hook);
      hookRegistered = true;
    }
    quietKafkaClientLogs();
    long t0 = System.nanoTime();
    String pgUrl = env("VIGIL_TEST_PG_URL");
    String kafkaServers = env("VIGIL_TEST_KAFKA");
    boolean docker = (pgUrl == null || kafkaServers == null) && dockerAvailable();

    // Both start in parallel: each takes a few seconds.
    ExecutorService pool =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "vigil-test-infra-start");
              t.setDaemon(true);
              // Not the caller's (maybe a Quarkus) loader: Kafka loads plug-ins through it.
              t.setContextClassLoader(TestInfra.class.getClassLoader());
              return t;
            });
    Future<Postgres> pgFuture =
        pool.submit(
            () -> {
              if (pgUrl != null) {
                return fromUrl(pgUrl);
              }
              Postgres fromDocker = docker ? containerPostgres() : null;
              return fromDocker != null ? fromDocker : embeddedPostgres();
            });
    Future<Kafka> kafkaFuture =
        pool.submit(
            () -> {
              if (kafkaServers != null) {
                return new Kafka("VIGIL_TEST_KAFKA", kafkaServers, null);
              }
              Kafka fromDocker = docker ? containerKafka() : null;
              return fromDocker != null ? fromDocker : embeddedKafka();
            });
    pool.shutdown();
    Postgres pg = null;
    Kafka kafka = null;
    Throwable error = null;
    try {
      pg = pgFuture.get();
    } catch (ExecutionException e) {
      error = e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = e;
    }
    try {
      kafka = kafkaFuture.get();
      KafkaBrokerProcess.ensureTopics(
          kafka.bootstrapServers(), Topics.ALL, Topics.PARTITIONS, TOPIC_TIMEOUT);
    } catch (ExecutionException e) {
      error = addTo(error, e.getCause());
    } catch (IOException e) {
      error = addTo(error, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = addTo(error, e);
    }
    if (error != null) {
      stopAll();
      throw new IllegalStateException("could not start the test infrastructure", error);
    }
    LOG.log(
        Level.INFO,
        "Test infrastructure up in {0} ms: PostgreSQL ({1}) on {2}:{3,number,#}, Kafka ({4}) on {5}",
        (System.nanoTime() - t0) / 1_000_000,
        pg.source(),
        pg.host(),
        pg.port(),
        kafka.source(),
        kafka.bootstrapServers());
    return new Infra(pg, kafka);
  }

  private static Throwable addTo(Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private static String env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  // --- PostgreSQL sources -----------------------------------------------------------------------

  private static Postgres fromUrl(String url) {
    Properties parsed = org.postgresql.Driver.parseURL(url, new Properties());
    if (parsed == null) {
      throw new IllegalArgumentException("VIGIL_TEST_PG_URL is not a PostgreSQL JDBC URL: " + url);
    }
    String host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
    int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
    String database = parsed.getProperty("PGDBNAME", "postgres");
    // Keep the URL's other parameters (sslmode, ...) for the JDBC URLs handed out.
    StringBuilder extra = new StringBuilder();
    for (String key : parsed.stringPropertyNames()) {
      if (List.of("PGHOST", "PGPORT", "PGDBNAME", "user", "password").contains(key)) {
        continue;
      }
      extra.append(extra.isEmpty() ? "?" : "&").append(key).append('=');
      extra.append(parsed.getProperty(key));
    }
    return new Postgres(
        "VIGIL_TEST_PG_URL",
        host,
        port,
        parsed.getProperty("user", "postgres"),
        parsed.getProperty("password", ""),
        database,
        extra.toString());
  }

  private static Postgres containerPostgres() {
    PostgreSQLContainer container = null;
    try {
      container = new PostgreSQLContainer("postgres:17-alpine");
      loopbackOnly(container, PostgreSQLContainer.POSTGRESQL_PORT);
      container.start();
      PostgreSQLContainer started = container;
      PG_STOPS.add(started::stop);
      return new Postgres(
          "Testcontainers",
          started.getHost(),
          started.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
          started.getUsername(),
          started.getPassword(),
          started.getDatabaseName(),
          "");
    } catch (Exception | LinkageError e) {
      LOG.log(Level.WARNING, "PostgreSQL container did not start; using embedded PostgreSQL", e);
      stopQuietly(container);
      return null;
    }
  }

  private static Postgres embeddedPostgres() throws IOException {
    Path log = logDir().resolve("postgres-" + ProcessHandle.current().pid() + ".log");
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setServerConfig("listen_addresses", "localhost")
            .setServerConfig("max_connections", "300")
            // Throw-away data: durability settings only cost time (./vigil up turns them on).
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .setPGStartupWait(Duration.ofSeconds(60))
            // Our hook stops it, after Kafka; zonky's own hook would race with ours.
            .setRegisterShutdownHook(false)
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    PG_STOPS.add(pg); // pg_ctl stop -m fast, then deletes its temporary data directory
    // The server trusts loopback connections (zonky runs initdb -A trust), so any password works.
    return new Postgres(
        "embedded", "127.0.0.1", pg.getPort(), "postgres", "postgres", "postgres", "");
  }

  private static Connection connect(Postgres pg, String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", pg.user());
    props.setProperty("password", pg.password());
    // The driver directly, not DriverManager: that one rejects drivers from other class loaders.
    Connection c =
        new org.postgresql.Driver()
            .connect("jdbc:" + hostPortDb(pg, database) + pg.jdbcParameters(), props);
    if (c == null) {
      throw new SQLException("driver did not accept the URL for " + database);
    }
    return c;
  }

  private static String hostPortDb(Postgres pg, String database) {
    String host = pg.host().contains(":") ? "[" + pg.host() + "]" : pg.host();
    return "postgresql://" + host + ":" + pg.port() + "/" + database;
  }

  // --- Kafka sources ----------------------------------------------------------------------------

  private static Kafka containerKafka() {
    KafkaContainer container = null;
    try {
      container = new KafkaContainer("apache/kafka:4.1.1");
      loopbackOnly(container, 9092);
      container.start();
      KafkaContainer started = container;
      KAFKA_STOPS.add(started::stop);
      return new Kafka("Testcontainers", started.getBootstrapServers(), null);
    } catch (Exception | LinkageError e) {
      LOG.log(Level.WARNING, "Kafka container did not start; using an embedded broker", e);
      stopQuietly(container);
      return null;
    }
  }

  private static Kafka embeddedKafka() throws IOException, InterruptedException {
    Path root = Files.createTempDirectory("vigil-kafka-");
    TEMP_DIRS.add(root);
    Path output = logDir().resolve("kafka-" + ProcessHandle.current().pid() + ".log");
    IOException last = null;
    // A port picked as free can be taken before the broker binds it; then try other ports.
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = LocalPorts.freePort();
      int controllerPort = LocalPorts.freePort();
      while (controllerPort == port) {
        controllerPort = LocalPorts.freePort();
      }
      KafkaBrokerProcess broker =
          new KafkaBrokerProcess(root.resolve("data"), root, output, port, controllerPort);
      AutoCloseable stop = () -> broker.close(Duration.ofSeconds(5));
      KAFKA_STOPS.add(stop);
      try {
        broker.start(START_TIMEOUT);
        return new Kafka("embedded", broker.bootstrapServers(), broker);
      } catch (IOException e) {
        last = e;
        broker.kill();
        KAFKA_STOPS.remove(stop);
      }
    }
    throw last;
  }

  private static boolean dockerAvailable() {
    if ("false".equalsIgnoreCase(env("VIGIL_TEST_DOCKER"))) {
      return false;
    }
    // Without an engine Testcontainers logs an ERROR with every strategy it tried; that is the
    // expected outcome here, so mute it for the probe (unless someone set that level).
    org.jboss.logmanager.Logger testcontainers =
        LogContext.getLogContext().getLogger("org.testcontainers");
    boolean mute = testcontainers.getLevel() == null;
    if (mute) {
      testcontainers.setLevel(java.util.logging.Level.OFF);
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Exception | LinkageError e) {
      return false;
    } finally {
      if (mute) {
        testcontainers.setLevel(null);
      }
    }
  }

  /** Publishes the container's ports on 127.0.0.1 only (Docker's default is every interface). */
  private static void loopbackOnly(GenericContainer<?> container, int... ports) {
    List<PortBinding> bindings =
        Arrays.stream(ports)
            .mapToObj(p -> new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(p)))
            .toList();
    container.withCreateContainerCmdModifier(
        cmd -> cmd.getHostConfig().withPortBindings(bindings).withPublishAllPorts(false));
  }

  private static void stopQuietly(GenericContainer<?> container) {
    if (container == null) {
      return;
    }
    try {
      container.stop();
    } catch (Exception | LinkageError ignored) {
      // nothing more to do; Testcontainers' reaper removes what is left
    }
  }

  // --- lifecycle --------------------------------------------------------------------------------

  private static Path logDir() throws IOException {
    Path target = Path.of(System.getProperty("user.dir"), "target");
    Path dir =
        Files.isDirectory(target)
            ? target.resolve("vigil-test-infra")
            : Path.of(System.getProperty("java.io.tmpdir"), "vigil-test-infra");
    return Files.createDirectories(dir);
  }

  /** Kafka first (its clients would otherwise log while PostgreSQL goes), then PostgreSQL. */
  private static void stopAll() {
    for (List<AutoCloseable> stops : List.of(KAFKA_STOPS, PG_STOPS)) {
      for (AutoCloseable stop : stops) {
        try {
          stop.close();
        } catch (Exception e) {
          LOG.log(Level.WARNING, "stopping test infrastructure", e);
        }
      }
      stops.clear();
    }
    for (Path dir : TEMP_DIRS) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException ignored) {
        // temp dir; the OS cleans it eventually
      }
    }
    TEMP_DIRS.clear();
  }

  /**
   * The admin client used here logs its whole configuration at INFO each time; keep that out of
   * test output unless someone configured those loggers. (slf4j logs to jboss-logmanager's context
   * whether or not it is the java.util.logging manager, so its API is used directly.)
   */
  private static void quietKafkaClientLogs() {
    for (String name :
        List.of(
            "org.apache.kafka.clients.admin.AdminClientConfig",
            "org.apache.kafka.common.utils.AppInfoParser",
            "org.apache.kafka.common.telemetry.internals.KafkaMetricsCollector")) {
      org.jboss.logmanager.Logger logger = LogContext.getLogContext().getLogger(name);
      if (logger.getLevel() == null) {
        logger.setLevel(java.util.logging.Level.WARNING);
        QUIETED.add(logger);
      }
    }
  }
}
