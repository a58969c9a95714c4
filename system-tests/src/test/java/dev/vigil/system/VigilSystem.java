package dev.vigil.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testkit.LocalPorts;
import dev.vigil.testkit.TestInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole suite for system tests: real PostgreSQL and Kafka from the test kit, and the five
 * services started from their {@code quarkus-app} builds as separate processes, each with its own
 * database, on free loopback ports. Started once per test JVM; stopped by a shutdown hook.
 */
public final class VigilSystem {

  /** A running service: its name, its HTTP port and its process. */
  public record Service(String name, int port, Process process, Path log) {
    public String url() {
      return "http://127.0.0.1:" + port;
    }
  }

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  private static VigilSystem instance;

  private final Path root;
  private final Path logs;
  private final Path state;
  private final Map<String, Service> services = new LinkedHashMap<>();
  private final Map<String, Path> workDirs = new LinkedHashMap<>();
  private final Map<String, String> applications = new LinkedHashMap<>(); // replica name -> app
  private final String operatorToken = GatewayWiring.operatorToken();
  private int gatewayManagementPort;
  private int githubApiPort;

  private VigilSystem(Path root, Path logs) throws IOException {
    this.root = root;
    this.logs = Files.createDirectories(logs);
    this.state = Files.createDirectories(logs.resolve("state"));
  }

  /** The suite, started on first use. */
  public static synchronized VigilSystem get() {
    if (instance == null) {
      try {
        Path root = Path.of(System.getProperty("vigil.root", "..")).toAbsolutePath().normalize();
        Path logs =
            Path.of(System.getProperty("vigil.system.logs", "target/system-logs")).toAbsolutePath();
        Files.createDirectories(logs);
        instance = startWithOneRetry(root, logs);
      } catch (Exception e) {
        throw new IllegalStateException("could not start the Vigil system under test", e);
      }
    }
    return instance;
  }

  /**
   * A failed start stops whatever it launched (an orphaned consumer would steal events from the
   * next attempt's services) and is retried once; the first attempt's logs are kept beside.
   */
  private static VigilSystem startWithOneRetry(Path root, Path logs) throws Exception {
    VigilSystem first = new VigilSystem(root, logs.resolve("attempt-1"));
    try {
      first.start();
      Runtime.getRuntime().addShutdownHook(new Thread(first::stop, "vigil-system-stop"));
      return first;
    } catch (Exception e) {
      first.stop();
      System.err.println("Vigil system did not start, retrying once: " + e.getMessage());
    }
    VigilSystem second = new VigilSystem(root, logs.resolve("attempt-2"));
    Runtime.getRuntime().addShutdownHook(new Thread(second::stop, "vigil-system-stop"));
    try {
      second.start();
      return second;
    } catch (Exception e) {
      second.stop();
      throw e;
    }
  }

  public synchronized Service service(String name) {
    Service service = services.get(name);
    if (service == null) {
      throw new IllegalArgumentException("no such service: " + name);
    }
    return service;
  }

  public String gatewayUrl() {
    return service("gateway-service").url();
  }

  /** Where the gateway's dev bootstrap writes the dev token and project id. */
  public Path stateDir() {
    return state;
  }

  /** The all-scopes token of the dev tenant the gateway bootstraps. */
  public String devToken() {
    return awaitFile(state.resolve("dev-token"));
  }

  /** The dev tenant's default project (SigSentry {@code X-Project-Id}). */
  public String devProject() {
    return awaitFile(state.resolve("dev-project"));
  }

  /**
   * The loopback port repo-config sends its GitHub API calls to. Nothing listens there unless a
   * test binds a fake GitHub to it for a while, so lookups otherwise fail at once (never reaching
   * the internet).
   */
  public int githubApiPort() {
    return githubApiPort;
  }

  /** The settings a service was started with (its {@code config/application.properties}). */
  public synchronized Map<String, String> settings(String name) throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String line :
        Files.readAllLines(workDirs.get(name).resolve("config/application.properties"))) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        settings.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    return settings;
  }

  /** The bootstrap operator's token: it manages tenants ({@code /vigil/v1/tenants}) only. */
  public String operatorToken() {
    return operatorToken;
  }

  /**
   * Kills the service with SIGKILL ({@code kill -9}: no shutdown hook, no graceful close of its
   * consumers, transactions or connections) and waits until the process is gone.
   */
  public synchronized void kill(String name) throws InterruptedException {
    Process process = service(name).process();
    process.destroyForcibly(); // SIGKILL on Linux: the java process itself, no wrapper
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " still alive 30 s after SIGKILL");
    }
  }

  /**
   * Starts a killed service again with the same configuration, database and port, and waits until
   * it reports ready. A running service is killed first.
   */
  public synchronized Service restart(String name) throws Exception {
    if (service(name).process().isAlive()) {
      kill(name);
    }
    Service old = service(name);
    Files.writeString(
        old.log(),
        System.lineSeparator() + "---- vigil-system: restarted ----" + System.lineSeparator(),
        StandardOpenOption.APPEND);
    Service started =
        launch(applications.getOrDefault(name, name), name, old.port(), workDirs.get(name));
    services.put(name, started);
    try {
      awaitReady(started);
    } catch (Exception e) {
      throw new IllegalStateException(name + " did not become ready after a restart", e);
    }
    return started;
  }

  private void start() throws Exception {
    TestInfra.ensureStarted();
    // Ports are chosen once PostgreSQL and Kafka hold theirs.
    gatewayManagementPort = LocalPorts.freePort();
    githubApiPort = LocalPorts.freePort();
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put(GatewayWiring.GITHUB_API, githubApiPort);
    for (String name : ServiceNames.ALL) {
      ports.put(name, LocalPorts.freePort());
    }
    // The gateway first: backends get their service identities (client credentials) from it.
    Path gatewayDir = writeConfig(ServiceNames.GATEWAY, ports, Map.of());
    workDirs.put(ServiceNames.GATEWAY, gatewayDir);
    Service gateway = launch(ServiceNames.GATEWAY, ports.get(ServiceNames.GATEWAY), gatewayDir);
    services.put(ServiceNames.GATEWAY, gateway);
    awaitReady(gateway);
    for (String name : ServiceNames.ALL) {
      if (name.equals(ServiceNames.GATEWAY)) {
        continue;
      }
      Path workDir = writeConfig(name, ports, serviceIdentity(name, ports));
      workDirs.put(name, workDir);
      services.put(name, launch(name, ports.get(name), workDir));
    }
    for (Service service : services.values()) {
      awaitReady(service);
    }
  }

  /**
   * The settings of a backend's own identity, as an operator sets it up: a service client
   * registered at the gateway ({@code POST /vigil/v1/service-clients}), exchanged on the gateway's
   * internal port; plus where repo-config answers read-model misses (scanning) or hands out a
   * connection's credentials (sync). Only backends that call another service get one.
   */
  private Map<String, String> serviceIdentity(String name, Map<String, Integer> ports)
      throws IOException, InterruptedException {
    if (!name.equals(ServiceNames.SCANNING)
        && !name.equals(ServiceNames.SYNC)
        && !name.equals(ServiceNames.SECRETS)) {
      return Map.of();
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String clientId = name.replace("-service", "") + "-" + System.nanoTime() % 100_000;
    HttpRequest register =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + ports.get(ServiceNames.GATEWAY)
                        + "/vigil/v1/service-clients"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + operatorToken)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"client_id\":\""
                        + clientId
                        + "\",\"service_name\":\""
                        + name
                        + "\",\"scopes\":[]}"))
            .build();
    HttpResponse<String> created = client.send(register, HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException(
          "registering " + name + "'s service client: " + created.statusCode());
    }
    String secret = new ObjectMapper().readTree(created.body()).path("client_secret").asText();
    String tokenUrl = "http://127.0.0.1:" + gatewayManagementPort + "/oauth/token";
    String repoConfigUrl = "http://127.0.0.1:" + ports.get(ServiceNames.REPO_CONFIG);
    String githubApi = "http://127.0.0.1:" + ports.get(GatewayWiring.GITHUB_API);
    Map<String, String> config = new LinkedHashMap<>();
    config.put("vigil.service-identity.token-url", tokenUrl);
    config.put("vigil.service-identity.client-id", clientId);
    config.put("vigil.service-identity.client-secret", secret);
    if (name.equals(ServiceNames.SYNC)) {
      // GitHub-polled sync: credentials from repo-config, archives from the (fake) GitHub port;
      // rounds only when a test asks (POST /v1/sync_github_repositories), never on the schedule.
      config.put("vigil.sync.polling.repo-config-url", repoConfigUrl);
      config.put("vigil.sync.polling.github-api-base", githubApi);
      config.put("vigil.sync.polling.schedule-enabled", "false");
      return config;
    }
    config.put("vigil.repo-lookup.repo-config-url", repoConfigUrl);
    if (name.equals(ServiceNames.SECRETS)) {
      // Repository archives come from the same (fake) GitHub as repo-config's metadata.
      config.put("vigil.secrets.repo-scans.github-api-base", githubApi);
    }
    return config;
  }

  /**
   * The service's settings, written to {@code config/application.properties} in its working
   * directory (where Quarkus looks) so secrets stay out of the environment and command line.
   */
  private Path writeConfig(String name, Map<String, Integer> ports, Map<String, String> extra)
      throws IOException {
    String database = TestInfra.createDatabase();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("quarkus.http.port", Integer.toString(ports.get(name)));
    config.put("quarkus.datasource.username", TestInfra.username());
    config.put("quarkus.datasource.password", TestInfra.password());
    config.put("quarkus.datasource.jdbc.url", TestInfra.jdbcUrl(database));
    config.put("quarkus.datasource.reactive.url", TestInfra.reactiveUrl(database));
    config.put("kafka.bootstrap.servers", TestInfra.kafkaBootstrapServers());
    config.putAll(
        GatewayWiring.settings(
            name, ports, gatewayManagementPort, state.toString(), operatorToken));
    config.putAll(extra);
    Path workDir =
        Files.createDirectories(logs.resolve("run").resolve(name).resolve("config")).getParent();
    StringBuilder text = new StringBuilder();
    config.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    Files.writeString(workDir.resolve("config/application.properties"), text);
    return workDir;
  }

  private Service launch(String name, int port, Path workDir) throws IOException {
    return launch(name, name, port, workDir);
  }

  /**
   * A second gateway replica on the same database, secrets and backends as the first (its own
   * public and management ports), e.g. to show that rate limits hold across replicas. Started once;
   * later calls return the same replica.
   */
  public Service secondGateway() throws Exception {
    return replica(ServiceNames.GATEWAY, ServiceNames.GATEWAY + "-2", Map.of());
  }

  /**
   * Another process of {@code application} under {@code name}: the first one's settings (same
   * database, secrets, Kafka consumer groups) on fresh ports, with {@code overrides} on top, as a
   * second replica behind a load balancer. Started once and ready on return; later calls return the
   * same replica. {@link #kill} and {@link #restart} take its name.
   */
  public synchronized Service replica(
      String application, String name, Map<String, String> overrides) throws Exception {
    Service running = services.get(name);
    if (running != null) {
      return running;
    }
    int port = LocalPorts.freePort();
    int management = LocalPorts.freePort();
    String config =
        Files.readString(workDirs.get(application).resolve("config/application.properties"))
            .replaceAll("(?m)^quarkus\\.http\\.port=.*$", "quarkus.http.port=" + port)
            .replaceAll(
                "(?m)^quarkus\\.management\\.port=.*$", "quarkus.management.port=" + management);
    StringBuilder text = new StringBuilder(config);
    overrides.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    Path workDir =
        Files.createDirectories(logs.resolve("run").resolve(name).resolve("config")).getParent();
    Files.writeString(workDir.resolve("config/application.properties"), text);
    workDirs.put(name, workDir);
    applications.put(name, application);
    Service started = launch(application, name, port, workDir);
    services.put(name, started);
    awaitReady(started);
    return started;
  }

  private Service launch(String application, String name, int port, Path workDir)
      throws IOException {
    Path jar = root.resolve(application).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build the services first (mvn package)");
    }
    Path log = logs.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms64m"); // as ./vigil up: commit heap as it is needed, not up front
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .directory(workDir.toFile());
    return new Service(name, port, builder.start(), log);
  }

  /** Whether the service's readiness check answers 200 right now. */
  public boolean ready(String name) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (String url : GatewayWiring.readinessUrls(service(name), gatewayManagementPort)) {
      if (answers200(client, url)) {
        return true;
      }
    }
    return false;
  }

  private void awaitReady(Service service) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!service.process().isAlive()) {
        throw new IllegalStateException(
            service.name() + " exited; log tail:\n" + tail(service.log()));
      }
      for (String url : GatewayWiring.readinessUrls(service, gatewayManagementPort)) {
        if (answers200(client, url)) {
          return;
        }
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        service.name()
            + " not ready within "
            + READY_TIMEOUT
            + "; log tail:\n"
            + tail(service.log()));
  }

  private static boolean answers200(HttpClient client, String url) throws InterruptedException {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  private synchronized void stop() {
    for (Service service : services.values()) {
      service.process().destroy();
    }
    for (Service service : services.values()) {
      try {
        if (!service.process().waitFor(15, TimeUnit.SECONDS)) {
          service.process().destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        service.process().destroyForcibly();
      }
    }
  }

  private static String awaitFile(Path file) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
          return Files.readString(file).strip();
        }
        Thread.sleep(250);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError(file + " was never written by the gateway's dev bootstrap");
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
