package dev.vigil.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.system.ServiceNames;
import dev.vigil.system.VigilSystem;
import dev.vigil.testkit.sarif.SarifSamples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of PostgreSQL while SARIF uploads (scanning) and sync-source creations (sync) arrive
 * through the gateway, then a start on the same data directory: every service's readiness goes down
 * and comes back by itself, requests succeed again with no manual step, and every write a client
 * saw accepted (202, 201) is there afterwards, each upload processed.
 *
 * <p>Before the crash the server is restarted cleanly with synchronous commits (the test kit runs
 * it with {@code synchronous_commit=off}, which trades the last commits of a crash for speed; a
 * production server never does). It keeps them for the rest of the run.
 */
@Order(Integer.MAX_VALUE - 4)
class PostgresRestartTest {

  private static final Duration DOWN_WITHIN = Duration.ofSeconds(60);
  private static final Duration BACK_WITHIN = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void servicesRecoverByThemselvesAndNoAcceptedWriteIsLost() throws Exception {
    VigilSystem system = VigilSystem.get();
    Optional<PostgresProcess> found =
        PostgresProcess.find(system.stateDir().resolveSibling("postgres-restarted.log"));
    assumeTrue(
        found.isPresent(),
        "skipped: PostgreSQL does not run on this machine (VIGIL_TEST_PG_URL or a container), so"
            + " it cannot be killed here");
    PostgresProcess postgres = found.get();
    String token = system.devToken();
    String repo = "acme/pg-restart-" + UUID.randomUUID().toString().substring(0, 8);
    KafkaKillDuringUploadsTest.connect(system, token, system.devProject(), repo);

    postgres.restartDurable();
    awaitAll(system, true, BACK_WITHIN, "ready after the clean restart");

    Load load = new Load(system.gatewayUrl(), token, repo);
    Thread writer = new Thread(load, "pg-restart-load");
    writer.start();
    try {
      await(() -> load.accepted() >= 6, BACK_WITHIN, "writes accepted before the crash");
      postgres.kill();
      awaitAll(system, false, DOWN_WITHIN, "not ready while PostgreSQL is down");
      postgres.start();
      awaitAll(system, true, BACK_WITHIN, "ready again by themselves");
      int acceptedAtRestart = load.accepted();
      await(
          () -> load.accepted() >= acceptedAtRestart + 6,
          BACK_WITHIN,
          "writes accepted again after the restart");
    } finally {
      load.stop();
      writer.join(30_000);
    }
    assertThat(load.unexpected).as("answers other than accepted or a 5xx").isEmpty();

    // Every accepted write is there: each upload processed, each sync source readable.
    for (String upload : load.uploads) {
      String status = null;
      long deadline = System.nanoTime() + BACK_WITHIN.toNanos();
      while (System.nanoTime() < deadline) {
        HttpResponse<String> r =
            load.get("/repos/" + repo + "/code-scanning/sarifs/" + upload, "token");
        assertThat(r.statusCode()).as("upload %s: %s", upload, r.body()).isEqualTo(200);
        status = JSON.readTree(r.body()).path("processing_status").asText();
        if (!"pending".equals(status)) {
          break;
        }
        Thread.sleep(250);
      }
      assertThat(status).as("upload %s", upload).isEqualTo("complete");
    }
    for (String source : load.sources) {
      HttpResponse<String> r = load.get("/v1/sync_sources/" + source, "Bearer");
      assertThat(r.statusCode()).as("sync source %s: %s", source, r.body()).isEqualTo(200);
    }
    // One alert per accepted upload (each has one result of its own tool), none twice.
    HttpResponse<String> alerts =
        load.get("/repos/" + repo + "/code-scanning/alerts?per_page=100", "token");
    assertThat(alerts.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(alerts.body()).findValuesAsText("number"))
        .hasSize(load.uploads.size())
        .doesNotHaveDuplicates();
  }

  private static void awaitAll(VigilSystem system, boolean ready, Duration within, String what)
      throws InterruptedException {
    Set<String> pending = new LinkedHashSet<>(ServiceNames.ALL);
    long deadline = System.nanoTime() + within.toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      for (String name : List.copyOf(pending)) {
        if (system.ready(name) == ready) {
          pending.remove(name);
        }
      }
      Thread.sleep(200);
    }
    assertThat(pending).as("services not %s within %s", what, within).isEmpty();
  }

  private static void await(BooleanSupplier condition, Duration within, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within " + within).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /**
   * One client writing in turn to scanning (a SARIF upload, 202) and sync (a push sync source, 201)
   * until stopped; keeps what was accepted. While PostgreSQL is down the answers are 5xx.
   */
  private static final class Load implements Runnable {

    final ConcurrentLinkedQueue<String> uploads = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> sources = new ConcurrentLinkedQueue<>();
    final Map<String, String> unexpected = new ConcurrentHashMap<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final String gateway;
    private final String token;
    private final String repo;

    Load(String gateway, String token, String repo) {
      this.gateway = gateway;
      this.token = token;
      this.repo = repo;
    }

    int accepted() {
      return accepted.get();
    }

    void stop() {
      stopped.set(true);
    }

    @Override
    public void run() {
      for (int i = 1; !stopped.get() && i < 10_000; i++) {
        try {
          String tool = "PgTool" + i;
          Map<String, Object> upload = new LinkedHashMap<>();
          upload.put("commit_sha", "0123456789abcdef0123456789abcdef01234567");
          upload.put("ref", "refs/heads/main");
          upload.put(
              "sarif",
              SarifSamples.encode(
                  SarifSamples.sarif(
                      tool,
                      null,
                      List.of(SarifSamples.rule(tool + "/rule", "error", "7.5")),
                      SarifSamples.results(tool + "/rule", "pg" + i + "-", 1))));
          record(
              post("/repos/" + repo + "/code-scanning/sarifs", "token", upload),
              202,
              "id",
              uploads);
          Map<String, Object> source =
              Map.of(
                  "kind", "push", "push_key", "pg-restart-" + UUID.randomUUID(), "branch", "main");
          record(post("/v1/sync_sources", "Bearer", source), 201, "sync_source", sources);
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (IOException e) {
          // the request timed out or the connection broke: not accepted, so nothing to find later
        }
      }
    }

    private void record(
        HttpResponse<String> response, int acceptedStatus, String field, Collection<String> target)
        throws IOException {
      if (response.statusCode() == acceptedStatus) {
        JsonNode body = JSON.readTree(response.body());
        JsonNode id = field.equals("sync_source") ? body.path(field).path("id") : body.path(field);
        target.add(id.asText());
        accepted.incrementAndGet();
      } else if (response.statusCode() < 500) {
        unexpected.put(response.uri().getPath(), response.statusCode() + " " + response.body());
      }
    }

    private HttpResponse<String> post(String path, String scheme, Object body)
        throws IOException, InterruptedException {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(gateway + path))
              .timeout(Duration.ofSeconds(20))
              .header("Authorization", scheme + " " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String scheme) throws IOException, InterruptedException {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(gateway + path))
              .timeout(Duration.ofSeconds(20))
              .header("Authorization", scheme + " " + token)
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
