package dev.vigil.system.faults;

import dev.vigil.testkit.TestInfra;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The suite's PostgreSQL server as an operating-system process: found through a session's backend
 * (its parent is the postmaster), killed with SIGKILL, and started again with the same command
 * line, environment, data directory and port. Only possible when the server runs on this machine
 * (the test kit's embedded PostgreSQL); {@link #find()} is empty otherwise.
 *
 * <p>The embedded server runs with {@code synchronous_commit=off} for speed, which by design may
 * lose the last few commits in a crash; {@link #restartDurable()} restarts it cleanly with commits
 * that reach the WAL before they are acknowledged, as every production server runs, so a crash
 * afterwards must lose nothing.
 */
final class PostgresProcess {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private ProcessHandle postmaster;

  private PostgresProcess(
      ProcessHandle postmaster, List<String> command, Map<String, String> environment, Path log) {
    this.postmaster = postmaster;
    this.command = new ArrayList<>(command);
    this.environment = environment;
    this.log = log;
  }

  /** The local postmaster of the suite's PostgreSQL, if this machine runs it. */
  static Optional<PostgresProcess> find(Path log) throws SQLException, IOException {
    Optional<ProcessHandle> parent;
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      // While the session is open: its backend process ends with it, and a lookup after the close
      // found nothing whenever the backend had already exited (the test then skipped).
      parent = ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent);
    }
    if (parent.isEmpty()) {
      return Optional.empty();
    }
    Path proc = Path.of("/proc", Long.toString(parent.get().pid()));
    if (!Files.isReadable(proc.resolve("cmdline"))) {
      return Optional.empty();
    }
    List<String> command = nulSeparated(proc.resolve("cmdline"));
    if (command.isEmpty() || !command.get(0).endsWith("postgres") || !command.contains("-D")) {
      return Optional.empty();
    }
    Map<String, String> environment = new java.util.LinkedHashMap<>();
    for (String entry : nulSeparated(proc.resolve("environ"))) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        environment.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return Optional.of(new PostgresProcess(parent.get(), command, environment, log));
  }

  /** Fast shutdown, then a start whose commits are synchronous (see the class comment). */
  void restartDurable() throws Exception {
    List<ProcessHandle> children = postmaster.descendants().toList();
    // SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for every pooled session to end).
    Process signal = new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).start();
    if (!signal.waitFor(10, TimeUnit.SECONDS) || signal.exitValue() != 0) {
      throw new IllegalStateException("could not signal PostgreSQL " + postmaster.pid());
    }
    awaitGone(children);
    command.replaceAll(arg -> arg.replace("synchronous_commit=off", "synchronous_commit=on"));
    if (command.stream().noneMatch(arg -> arg.contains("synchronous_commit=on"))) {
      command.addAll(List.of("-c", "synchronous_commit=on"));
    }
    start();
  }

  /** SIGKILL to the postmaster; returns once it and every backend are gone. */
  void kill() throws InterruptedException {
    List<ProcessHandle> children = postmaster.descendants().toList();
    postmaster.destroyForcibly();
    awaitGone(children);
  }

  /** Starts the server again with the same command line; returns once it accepts sessions. */
  void start() throws Exception {
    List<String> launch = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/unshare"))) {
      // As zonky starts it: in a user namespace of its own, where this machine's root is nobody,
      // since the server refuses to run as root.
      launch.addAll(List.of("/usr/bin/unshare", "-U"));
    }
    launch.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(launch)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    postmaster = process.toHandle();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "PostgreSQL exited with " + process.exitValue() + " on restart; see " + log);
      }
      try (Connection c = connect()) {
        return;
      } catch (SQLException e) {
        last = e; // starting up, or recovering from the crash
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("PostgreSQL did not accept sessions again; see " + log, last);
  }

  private void awaitGone(List<ProcessHandle> children) throws InterruptedException {
    List<ProcessHandle> all = new ArrayList<>(children);
    all.add(postmaster);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (all.stream().anyMatch(ProcessHandle::isAlive)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("PostgreSQL processes still alive 30 s after the stop");
      }
      Thread.sleep(50);
    }
  }

  private static Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", TestInfra.username());
    props.setProperty("password", TestInfra.password());
    props.setProperty("connectTimeout", "2");
    Connection c = new org.postgresql.Driver().connect(TestInfra.jdbcUrl("postgres"), props);
    if (c == null) {
      throw new SQLException("driver refused " + TestInfra.jdbcUrl("postgres"));
    }
    return c;
  }

  private static List<String> nulSeparated(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    return Arrays.stream(text.split("\0")).filter(s -> !s.isEmpty()).toList();
  }
}
