package dev.vigil.testkit.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.contracts.events.Topics;
import dev.vigil.testkit.LocalPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs DevInfrastructure as ./vigil up does: a separate JVM, stopped with SIGTERM. */
@Timeout(240)
class DevInfrastructureTest {

  private static final String PASSWORD = "dev-secret-'quoted'";

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  private Process launch(int pgPort, int kafkaPort, Map<String, String> env) throws IOException {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            DevInfrastructure.class.getName(),
            "--data-dir",
            dir.resolve("data").toString(),
            "--pg-port",
            Integer.toString(pgPort),
            "--kafka-port",
            Integer.toString(kafkaPort),
            "--databases",
            "gateway,sync",
            "--ready-file",
            dir.resolve("ready").toString(),
            "--log-dir",
            dir.resolve("logs").toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile());
    builder.environment().remove("VIGIL_DB_PASSWORD");
    builder.environment().putAll(env);
    Process p = builder.start();
    started.add(p);
    return p;
  }

  @AfterEach
  void stopLeftovers() throws Exception {
    for (Process p : started) {
      if (p.isAlive()) {
        p.destroy();
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      }
    }
  }

  @Test
  void refusesAPortInUseWithStatus3() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();
      Process p = launch(port, LocalPorts.freePort(), Map.of("VIGIL_DB_PASSWORD", PASSWORD));
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(3);
      assertThat(Files.readString(dir.resolve("stderr.txt")))
          .contains("port " + port + " is already in use (");
      assertThat(dir.resolve("data")).doesNotExist();
    }
  }

  @Test
  void requiresThePassword() throws Exception {
    Process p = launch(LocalPorts.freePort(), LocalPorts.freePort(), Map.of());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("VIGIL_DB_PASSWORD");
  }

  @Test
  void upDownUpKeepsDataAndStopsEverything() throws Exception {
    int pgPort = LocalPorts.freePort();
    int kafkaPort = LocalPorts.freePort();
    Map<String, String> env = Map.of("VIGIL_DB_PASSWORD", PASSWORD);

    Process first = launch(pgPort, kafkaPort, env);
    Properties ready = awaitReady(first);
    assertThat(ready.getProperty("pg_port")).isEqualTo(Integer.toString(pgPort));
    assertThat(ready.getProperty("kafka_bootstrap")).isEqualTo("127.0.0.1:" + kafkaPort);

    try (Connection c = connect(pgPort, "vigil_gateway", PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (v text)");
      s.execute("INSERT INTO kept VALUES ('survives restart')");
      // The data a user keeps is written durably (the tests' server runs with these off).
      for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).as(setting).isEqualTo("on");
        }
      }
    }
    // The roles authenticate by password (scram), not by trust.
    assertThatThrownBy(() -> connect(pgPort, "vigil_sync", "wrong").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ready.get("kafka_bootstrap")))) {
      Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      assertThat(topics).containsAll(Topics.ALL);
    }

    stopAndCheck(first, pgPort, kafkaPort);

    Process second = launch(pgPort, kafkaPort, env);
    awaitReady(second);
    try (Connection c = connect(pgPort, "vigil_gateway", PASSWORD);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("survives restart");
    }
    stopAndCheck(second, pgPort, kafkaPort);
    assertThat(Files.readString(dir.resolve("logs/kafka.log"))).contains("Kafka Server started");
  }

  private void stopAndCheck(Process p, int pgPort, int kafkaPort) throws Exception {
    List<ProcessHandle> children = p.descendants().toList();
    assertThat(children).isNotEmpty(); // the Kafka broker JVM
    p.destroy(); // SIGTERM, as ./vigil down would
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(dir.resolve("ready")).doesNotExist();
    assertThat(children).noneMatch(ProcessHandle::isAlive);
    assertThat(dir.resolve("data/postgres/postmaster.pid")).doesNotExist();
    assertThat(LocalPorts.inUse(pgPort)).isFalse();
    assertThat(LocalPorts.inUse(kafkaPort)).isFalse();
  }

  private Properties awaitReady(Process p) throws Exception {
    Path ready = dir.resolve("ready");
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!Files.exists(ready)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            "DevInfrastructure not ready (alive="
                + p.isAlive()
                + "); stderr:\n"
                + Files.readString(dir.resolve("stderr.txt")));
      }
      Thread.sleep(100);
    }
    Properties props = new Properties();
    props.load(Files.newBufferedReader(ready, StandardCharsets.UTF_8));
    return props;
  }

  private static Connection connect(int port, String role, String password) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + role, role, password);
  }
}
