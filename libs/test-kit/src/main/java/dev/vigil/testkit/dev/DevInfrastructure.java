package dev.vigil.testkit.dev;

import dev.vigil.contracts.events.Topics;
import dev.vigil.testkit.KafkaBrokerProcess;
import dev.vigil.testkit.LocalPorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * The real PostgreSQL and Kafka of {@code ./vigil up}: the same server binaries and broker the
 * tests use, but on fixed ports with data kept under {@code --data-dir} across restarts.
 *
 * <pre>
 * VIGIL_DB_PASSWORD=... java -cp &lt;test-kit and its dependencies&gt; \
 *   dev.vigil.testkit.dev.DevInfrastructure --data-dir DIR --pg-port 55432 --kafka-port 59092 \
 *   --databases gateway,sync,scanning,secrets,repoconfig --ready-file FILE --log-dir DIR
 * </pre>
 *
 * For each name N it creates role {@code vigil_N} (LOGIN, password from {@code VIGIL_DB_PASSWORD})
 * and database {@code vigil_N} owned by it, and every topic of {@link Topics#ALL}; then writes the
 * ready file ({@code pg_port=} and {@code kafka_bootstrap=} lines) and runs until SIGTERM/SIGINT.
 * PostgreSQL runs durably here ({@code fsync}, {@code synchronous_commit} and {@code
 * full_page_writes} on), where the tests' {@link dev.vigil.testkit.TestInfra} trades them for
 * speed. Exit status: 2 bad arguments, 3 a port is already in use, 1 start-up failed.
 */
public final class DevInfrastructure {

  static final int EXIT_USAGE = 2;
  static final int EXIT_PORT_IN_USE = 3;
  static final int EXIT_FAILED = 1;

  // Strong references keep the levels set in configureLogging().
  private static final List<org.jboss.logmanager.Logger> CONFIGURED_LOGGERS = new ArrayList<>();

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");
  private static final String USAGE =
      "usage: DevInfrastructure --data-dir DIR --pg-port PORT --kafka-port PORT"
          + " --databases a,b,... --ready-file FILE --log-dir DIR   (env VIGIL_DB_PASSWORD required)";

  private final Path dataDir;
  private final int pgPort;
  private final int kafkaPort;
  private final List<String> databases;
  private final Path readyFile;
  private final Path logDir;
  private final String password;

  private volatile KafkaBrokerProcess kafka;
  private volatile EmbeddedPostgres postgres;

  private DevInfrastructure(
      Path dataDir,
      int pgPort,
      int kafkaPort,
      List<String> databases,
      Path readyFile,
      Path logDir,
      String password) {
    this.dataDir = dataDir.toAbsolutePath();
    this.pgPort = pgPort;
    this.kafkaPort = kafkaPort;
    this.databases = databases;
    this.readyFile = readyFile.toAbsolutePath();
    this.logDir = logDir.toAbsolutePath();
    this.password = password;
  }

  public static void main(String[] args) throws InterruptedException {
    // Before anything touches java.util.logging or System.Logger: route both to jboss-logmanager,
    // where slf4j (zonky, Kafka clients) logs too.
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    }
    DevInfrastructure infra;
    try {
      infra = parse(args, System.getenv("VIGIL_DB_PASSWORD"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(EXIT_USAGE);
      return;
    }
    if (LocalPorts.inUse(infra.pgPort)) {
      System.err.println(
          "port "
              + infra.pgPort
              + " is already in use (--pg-port; is ./vigil up already running, or another"
              + " PostgreSQL?)");
      System.exit(EXIT_PORT_IN_USE);
    }
    if (LocalPorts.inUse(infra.kafkaPort)) {
      System.err.println(
          "port "
              + infra.kafkaPort
              + " is already in use (--kafka-port; is ./vigil up already running, or another"
              + " Kafka?)");
      System.exit(EXIT_PORT_IN_USE);
    }
    try {
      configureLogging();
      Files.createDirectories(infra.logDir);
      Runtime.getRuntime().addShutdownHook(new Thread(infra::stop, "vigil-dev-infra-stop"));
      infra.start();
    } catch (Exception e) {
      System.err.println("vigil dev infrastructure failed to start: " + e);
      e.printStackTrace();
      System.exit(EXIT_FAILED); // the hook stops whatever did start
    }
    System.out.println(
        "vigil dev infrastructure ready: PostgreSQL on localhost:"
            + infra.pgPort
            + ", Kafka on "
            + infra.kafka.bootstrapServers());
    System.out.flush();
    new CountDownLatch(1).await(); // until SIGTERM: the JVM exits and runs the hook
  }

  static DevInfrastructure parse(String[] args, String password) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!List.of(
              "--data-dir", "--pg-port", "--kafka-port", "--databases", "--ready-file", "--log-dir")
          .contains(name)) {
        throw new IllegalArgumentException("unknown option " + name);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      options.put(name, args[++i]);
    }
    for (String required :
        List.of(
            "--data-dir",
            "--pg-port",
            "--kafka-port",
            "--databases",
            "--ready-file",
            "--log-dir")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("missing " + required);
      }
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("environment variable VIGIL_DB_PASSWORD is required");
    }
    List<String> databases = new ArrayList<>();
    for (String db : options.get("--databases").split(",")) {
      String trimmed = db.trim();
      if (!NAME.matcher(trimmed).matches()) {
        throw new IllegalArgumentException(
            "database name '" + trimmed + "' must match " + NAME.pattern());
      }
      databases.add(trimmed);
    }
    return new DevInfrastructure(
        Path.of(options.get("--data-dir")),
        port(options, "--pg-port"),
        port(options, "--kafka-port"),
        List.copyOf(databases),
        Path.of(options.get("--ready-file")),
        Path.of(options.get("--log-dir")),
        password);
  }

  private static int port(Map<String, String> options, String name) {
    try {
      int port = Integer.parseInt(options.get(name));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number: " + options.get(name));
    }
  }

  /**
   * Console logging for this JVM. zonky and the Kafka admin client log through slf4j to
   * jboss-logmanager, and quarkus-bootstrap-runner (on the class path with the test kit) parks
   * every record until a Quarkus application configures logging, which never happens here; so the
   * root logger gets a plain stderr handler instead: INFO, the Kafka clients WARN.
   */
  private static void configureLogging() {
    LogContext context = LogContext.getLogContext();
    org.jboss.logmanager.Logger root = context.getLogger("");
    root.setHandlers(
        new Handler[] {
          new ConsoleHandler(
              ConsoleHandler.Target.SYSTEM_ERR,
              new PatternFormatter("%d{HH:mm:ss} %-5p [%c{1.}] %s%e%n"))
        });
    root.setLevel(Level.INFO);
    for (String category : List.of("org.apache.kafka", "kafka", "state.change.logger")) {
      org.jboss.logmanager.Logger logger = context.getLogger(category);
      logger.setLevel(Level.WARNING);
      CONFIGURED_LOGGERS.add(logger);
    }
  }

  private void start() throws IOException, InterruptedException, SQLException {
    // A ready file left by a killed run would claim readiness before we have it.
    Files.deleteIfExists(readyFile);
    Path pgLog = logDir.resolve("postgres.log");
    // Data directory kept: initdb runs only while it has no postgresql.conf (zonky's rule).
    postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir.resolve("postgres"))
            .setCleanDataDirectory(false)
            .setPort(pgPort)
            .setServerConfig("listen_addresses", "localhost")
            .setServerConfig("max_connections", "200")
            // Durable, unlike the tests' server: zonky starts postgres with -F (fsync off) and
            // synchronous_commit off; a later -c wins, so the user's data survives a power cut.
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setPGStartupWait(Duration.ofSeconds(60))
            .setRegisterShutdownHook(false) // ours stops it after Kafka
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(pgLog.toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(pgLog.toFile()))
            .setDataDirectoryCustomizer(DevInfrastructure::writeHba)
            .start();
    createRolesAndDatabases();

    // The controller listener is internal to the broker; with a static voter set it may move.
    int controllerPort = LocalPorts.freePort();
    while (controllerPort == kafkaPort) {
      controllerPort = LocalPorts.freePort();
    }
    kafka =
        new KafkaBrokerProcess(
            dataDir.resolve("kafka"),
            logDir,
            logDir.resolve("kafka.log"),
            kafkaPort,
            controllerPort);
    // Generous: a broker restarting on kept data on a busy two-core machine took over two minutes.
    kafka.start(Duration.ofSeconds(300));
    KafkaBrokerProcess.ensureTopics(
        kafka.bootstrapServers(), Topics.ALL, Topics.PARTITIONS, Duration.ofSeconds(60));

    Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
    Files.createDirectories(readyFile.toAbsolutePath().getParent());
    Files.writeString(
        tmp,
        "pg_port=" + pgPort + "\nkafka_bootstrap=" + kafka.bootstrapServers() + "\n",
        StandardCharsets.UTF_8);
    Files.move(tmp, readyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Rewritten before every start: the superuser stays password-less on loopback (zonky connects as
   * {@code postgres} without one), the {@code vigil_*} roles must use their SCRAM password, as in
   * production.
   */
  private static void writeHba(java.io.File dataDirectory) {
    try {
      Files.writeString(
          dataDirectory.toPath().resolve("pg_hba.conf"),
          String.join(
              "\n",
              "# Written by DevInfrastructure on every start.",
              "local all all trust",
              "host all postgres 127.0.0.1/32 trust",
              "host all postgres ::1/128 trust",
              "host all all 127.0.0.1/32 scram-sha-256",
              "host all all ::1/128 scram-sha-256",
              ""),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void createRolesAndDatabases() throws SQLException {
    String quotedPassword = "'" + password.replace("'", "''") + "'";
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement ddl = c.createStatement()) {
      for (String name : databases) {
        String role = "vigil_" + name;
        // LOGIN and the password are (re)applied every start so a changed password takes effect.
        ddl.execute(
            (exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)
                    ? "ALTER ROLE \"" + role + "\" WITH"
                    : "CREATE ROLE \"" + role + "\"")
                + " LOGIN PASSWORD "
                + quotedPassword);
        if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", role)) {
          ddl.execute("CREATE DATABASE \"" + role + "\" OWNER \"" + role + "\"");
        }
      }
    }
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement query = c.prepareStatement(sql)) {
      query.setString(1, name);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Kafka first (SIGTERM, up to 20 s, then kill), then PostgreSQL, then the ready file. */
  private void stop() {
    try {
      Files.deleteIfExists(readyFile); // no longer ready from the first moment of stopping
    } catch (IOException e) {
      System.err.println("could not delete " + readyFile + ": " + e);
    }
    KafkaBrokerProcess broker = kafka;
    if (broker != null) {
      broker.close();
    }
    EmbeddedPostgres pg = postgres;
    if (pg != null) {
      try {
        pg.close(); // pg_ctl stop -m fast; the data directory stays
      } catch (IOException e) {
        System.err.println("could not stop PostgreSQL: " + e);
      }
    }
  }
}
