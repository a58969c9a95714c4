package dev.vigil.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) run as a child JVM:
 * {@code java -cp <this JVM's class path> kafka.Kafka server.properties}. A separate process,
 * rather than a broker inside the test JVM, so that tests can SIGKILL it and start it again on the
 * same address, and so that {@code ./vigil up} keeps its data directory across restarts.
 *
 * <p>Shared by {@link TestInfra} and {@code DevInfrastructure}. Start, stop and kill may come from
 * different threads (a shutdown hook stops a broker that is still starting).
 */
public final class KafkaBrokerProcess implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(KafkaBrokerProcess.class.getName());

  /** Longest single argument Linux accepts (MAX_ARG_STRLEN) is 128 KiB; stay well below it. */
  private static final int MAX_INLINE_CLASSPATH = 100_000;

  private final Path dataDir;
  private final Path configDir;
  private final Path outputFile;
  private final int port;
  private final int controllerPort;
  private final Object lock = new Object();
  private Process process; // guarded by lock
  private boolean closed; // guarded by lock

  /**
   * @param dataDir Kafka's {@code log.dirs} (formatted on first start, reused afterwards)
   * @param configDir where the generated server.properties and logging config are written
   * @param outputFile the child's stdout and stderr, appended
   * @param port the PLAINTEXT listener on 127.0.0.1, fixed for this object's lifetime
   * @param controllerPort the KRaft controller listener on 127.0.0.1
   */
  public KafkaBrokerProcess(
      Path dataDir, Path configDir, Path outputFile, int port, int controllerPort) {
    this.dataDir = dataDir.toAbsolutePath();
    this.configDir = configDir.toAbsolutePath();
    this.outputFile = outputFile.toAbsolutePath();
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path outputFile() {
    return outputFile;
  }

  public boolean isRunning() {
    synchronized (lock) {
      return process != null && process.isAlive();
    }
  }

  /** Process id of the running broker, or -1. */
  public long pid() {
    synchronized (lock) {
      return process != null && process.isAlive() ? process.pid() : -1;
    }
  }

  /**
   * Formats the storage if it never was, launches the broker and returns once it answers a metadata
   * request.
   */
  public void start(Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    Files.createDirectories(configDir);
    Files.createDirectories(outputFile.getParent());
    Path serverProperties = writeConfig();
    if (!Files.exists(dataDir.resolve("meta.properties"))) {
      format(serverProperties, timeout);
    }
    Process started = launch(serverProperties);
    awaitReady(started, timeout);
  }

  /** SIGKILL, then wait for the process to be gone. No-op when not running. */
  public void kill() throws InterruptedException {
    Process p;
    synchronized (lock) {
      p = process;
    }
    if (p != null) {
      p.destroyForcibly();
      p.waitFor();
    }
  }

  /** SIGTERM (Kafka then shuts down cleanly), and SIGKILL if still alive after {@code grace}. */
  public void stop(Duration grace) throws InterruptedException {
    Process p;
    synchronized (lock) {
      p = process;
    }
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      LOG.log(System.Logger.Level.WARNING, "Kafka did not stop within {0}; killing it", grace);
      p.destroyForcibly();
      p.waitFor();
    }
  }

  /** Stops the broker (up to 20 s grace) and refuses further starts. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    try {
      stop(Duration.ofSeconds(20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      try {
        kill();
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops the broker with a short grace period, for throw-away test brokers. */
  public void close(Duration grace) throws InterruptedException {
    synchronized (lock) {
      closed = true;
    }
    stop(grace);
  }

  private Path writeConfig() throws IOException {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("log.dirs", dataDir.toString());
    // A single node can hold only one replica of anything.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    // Fewer internal partitions: the first consumer group is ready in a fraction of the time.
    p.setProperty("offsets.topic.num.partitions", "5");
    p.setProperty("num.partitions", "3");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // After a SIGKILL the restarted controller refuses the broker's new registration until the old
    // session times out (default 9 s); one node has no one to flap against, so keep that short.
    p.setProperty("broker.session.timeout.ms", "3000");
    p.setProperty("broker.heartbeat.interval.ms", "500");
    p.setProperty("auto.create.topics.enable", "true");
    Path file = configDir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "Generated by the Vigil test kit on every start");
    }

    // The child logs through slf4j -> jboss-logmanager (both on the class path). At INFO Kafka
    // writes ~3,000 lines per start (config dumps, one block per partition); keep warnings, errors
    // and the start/stop and fencing lines.
    Files.writeString(
        configDir.resolve("kafka-logging.properties"),
        String.join(
            "\n",
            "loggers=kafka,org.apache.kafka,state.change.logger,kafka.server.KafkaRaftServer,"
                + "kafka.server.BrokerLifecycleManager",
            "logger.kafka.level=WARN",
            "logger.org.apache.kafka.level=WARN",
            "logger.state.change.logger.level=WARN",
            "logger.kafka.server.KafkaRaftServer.level=INFO",
            "logger.kafka.server.BrokerLifecycleManager.level=INFO",
            "logger.level=INFO",
            "logger.handlers=CONSOLE",
            "handler.CONSOLE=org.jboss.logmanager.handlers.ConsoleHandler",
            "handler.CONSOLE.properties=autoFlush,target",
            "handler.CONSOLE.autoFlush=true",
            "handler.CONSOLE.target=SYSTEM_OUT",
            "handler.CONSOLE.formatter=PATTERN",
            "formatter.PATTERN=org.jboss.logmanager.formatters.PatternFormatter",
            "formatter.PATTERN.properties=pattern",
            "formatter.PATTERN.pattern=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] %s%e%n",
            ""),
        StandardCharsets.UTF_8);
    return file;
  }

  private void format(Path serverProperties, Duration timeout)
      throws IOException, InterruptedException {
    String clusterId = Uuid.randomUuid().toString();
    List<String> command =
        javaCommand(
            List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
            "kafka.tools.StorageTool",
            List.of(
                "format",
                "--cluster-id",
                clusterId,
                "--config",
                serverProperties.toString(),
                "--ignore-formatted"));
    Process p = startClosingStdin(processBuilder(command));
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IOException("formatting Kafka storage timed out; see " + outputFile);
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          "formatting Kafka storage failed with exit code "
              + p.exitValue()
              + "; last lines of "
              + outputFile
              + ":\n"
              + tail());
    }
  }

  private Process launch(Path serverProperties) throws IOException {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("Kafka broker on port " + port + " was closed");
      }
      if (process != null && process.isAlive()) {
        throw new IllegalStateException("Kafka broker on port " + port + " is already running");
      }
      List<String> command =
          javaCommand(
              List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC"),
              "kafka.Kafka",
              List.of(serverProperties.toString()));
      process = startClosingStdin(processBuilder(command));
      LOG.log(
          System.Logger.Level.DEBUG,
          "Kafka broker pid {0} starting on {1}",
          process.pid(),
          bootstrapServers());
      return process;
    }
  }

  private ProcessBuilder processBuilder(List<String> command) {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()));
  }

  private static Process startClosingStdin(ProcessBuilder builder) throws IOException {
    Process p = builder.start();
    p.getOutputStream().close(); // the child never reads stdin; give it EOF, not a dangling pipe
    return p;
  }

  /**
   * {@code java [options] -cp <class path> main args}, the class path being this JVM's
   * java.class.path (see {@link #childClasspath()}).
   */
  private List<String> javaCommand(List<String> jvmOptions, String mainClass, List<String> args)
      throws IOException {
    // The child's class path is this JVM's, so this JVM's system class loader seeing Kafka proves
    // the child will see it too.
    if (ClassLoader.getSystemClassLoader().getResource("kafka/Kafka.class") == null) {
      throw new IllegalStateException(
          "org.apache.kafka:kafka_2.13 is not on java.class.path, so the broker process cannot"
              + " start; java.class.path="
              + System.getProperty("java.class.path"));
    }
    String classpath = String.join(File.pathSeparator, childClasspath());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Djava.awt.headless=true");
    if (Runtime.version().feature() >= 23) {
      // Kafka frees mapped index buffers through sun.misc.Unsafe; on newer JDKs each use would
      // print a deprecation warning into the log.
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    if (ClassLoader.getSystemClassLoader().getResource("org/jboss/logmanager/LogManager.class")
        != null) {
      command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
      command.add(
          "-Dlogging.configuration="
              + configDir.resolve("kafka-logging.properties").toUri().toString());
    }
    if (classpath.length() <= MAX_INLINE_CLASSPATH) {
      command.add("-cp");
      command.add(classpath);
    } else {
      // Too long for one argument: hand it over in a java @argfile instead.
      Path argFile = configDir.resolve("classpath.args");
      String quoted = classpath.replace("\\", "\\\\").replace("\"", "\\\"");
      Files.writeString(argFile, "-cp \"" + quoted + "\"\n", StandardCharsets.UTF_8);
      command.add("@" + argFile);
    }
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /**
   * This JVM's java.class.path, with two changes. Under Surefire it is often a manifest-only jar
   * whose Class-Path lists every jar; that jar works as {@code -cp} as it is, but its entries are
   * spelled out here so that one can be left out: quarkus-bootstrap-runner, whose jboss-logmanager
   * initializer parks every log record in a buffer that only a starting Quarkus application drains.
   * Without it the broker logs through jboss-logmanager's own configuration file, and its errors (a
   * port in use, ...) reach the log file.
   */
  static List<String> childClasspath() {
    Set<Path> entries = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        addExpanded(Path.of(entry).toAbsolutePath().normalize(), entries, new HashSet<>());
      }
    }
    List<String> result = new ArrayList<>();
    for (Path entry : entries) {
      if (!entry.getFileName().toString().startsWith("quarkus-bootstrap-runner")) {
        result.add(entry.toString());
      }
    }
    return result;
  }

  private static void addExpanded(Path entry, Set<Path> out, Set<Path> seen) {
    if (!seen.add(entry)) {
      return;
    }
    String manifestClassPath = null;
    if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
      try (JarFile jar = new JarFile(entry.toFile())) {
        Manifest manifest = jar.getManifest();
        if (manifest != null) {
          manifestClassPath = manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        }
      } catch (IOException e) {
        // not a readable jar: pass it on unchanged
      }
    }
    if (manifestClassPath == null || manifestClassPath.isBlank()) {
      out.add(entry);
      return;
    }
    // A class-path jar (Surefire's booter): its own classes are of no use to Kafka.
    for (String relative : manifestClassPath.trim().split("\\s+")) {
      try {
        URI resolved = entry.toUri().resolve(relative);
        if ("file".equals(resolved.getScheme())) {
          addExpanded(Path.of(resolved).normalize(), out, seen);
        }
      } catch (IllegalArgumentException e) {
        // malformed entry; the JVM would skip it as well
      }
    }
  }

  private void awaitReady(Process started, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    // Wait for the socket first: an admin client polling a closed port logs a warning per try.
    while (!acceptsConnections()) {
      checkAlive(started);
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "Kafka broker did not open " + bootstrapServers() + " within " + timeout + tailNote());
      }
      Thread.sleep(100);
    }
    Exception last = null;
    try (Admin admin = createAdmin(bootstrapServers())) {
      while (System.nanoTime() < deadline) {
        checkAlive(started);
        try {
          Collection<Node> nodes =
              admin
                  .describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                  .nodes()
                  .get(3, TimeUnit.SECONDS);
          if (!nodes.isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        }
        Thread.sleep(200);
      }
    }
    throw new IOException(
        "Kafka broker on " + bootstrapServers() + " did not answer within " + timeout + tailNote(),
        last);
  }

  private boolean acceptsConnections() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void checkAlive(Process started) throws IOException {
    if (!started.isAlive()) {
      throw new IOException(
          "Kafka broker process exited with code " + started.exitValue() + tailNote());
    }
  }

  private String tailNote() {
    return "; last lines of " + outputFile + ":\n" + tail();
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(outputFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /**
   * Kafka loads configured classes (metric reporters) through the thread's context class loader;
   * under a Quarkus test that loader holds other copies of the Kafka classes, so pin it to ours.
   */
  static Admin createAdmin(String bootstrapServers) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(KafkaBrokerProcess.class.getClassLoader());
    try {
      return Admin.create(adminConfig(bootstrapServers));
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** Admin client settings that fail fast instead of retrying for a minute. */
  static Properties adminConfig(String bootstrapServers) {
    Properties p = new Properties();
    p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "vigil-testkit-admin");
    p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    p.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    return p;
  }

  /**
   * Creates each topic that is missing with {@code partitions} partitions and replication 1, grows
   * an existing one that has fewer partitions, and waits until every partition has a leader (so a
   * producer's first send does not bounce). Safe to call again.
   */
  public static void ensureTopics(
      String bootstrapServers, Collection<String> topics, int partitions, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = createAdmin(bootstrapServers)) {
      Set<String> existing =
          admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : topics) {
        if (!existing.contains(topic)) {
          missing.add(new NewTopic(topic, partitions, (short) 1));
        }
      }
      if (!missing.isEmpty()) {
        for (var created : admin.createTopics(missing).values().entrySet()) {
          try {
            created.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw new IOException("could not create topic " + created.getKey(), e.getCause());
            }
          }
        }
      }
      Exception last = null;
      while (System.nanoTime() < deadline) {
        try {
          Map<String, TopicDescription> described =
              admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
          Map<String, NewPartitions> grow = new HashMap<>();
          boolean allLed = true;
          for (TopicDescription d : described.values()) {
            if (d.partitions().size() < partitions) {
              grow.put(d.name(), NewPartitions.increaseTo(partitions));
            }
            for (TopicPartitionInfo info : d.partitions()) {
              allLed &= info.leader() != null && !info.leader().isEmpty();
            }
          }
          if (!grow.isEmpty()) {
            admin.createPartitions(grow).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            continue;
          }
          if (allLed) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e; // e.g. UnknownTopicOrPartition right after creation
        }
        Thread.sleep(100);
      }
      throw new IOException("topics " + topics + " have no leaders after " + timeout, last);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("could not list topics on " + bootstrapServers, e);
    }
  }
}
