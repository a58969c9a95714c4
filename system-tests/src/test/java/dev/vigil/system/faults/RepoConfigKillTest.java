package dev.vigil.system.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.system.ServiceNames;
import dev.vigil.system.VigilSystem;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of repo-config-service while sync-service needs a connection's credentials from it (a
 * GitHub-polled sync source): the gateway answers repo-config's routes with SigSentry's 502 shape,
 * the sync attempt fails with a clear message and writes no rule, a connection refused meanwhile is
 * not half-stored, and once repo-config is back the same trigger syncs the rules without any manual
 * repair.
 */
@Order(Integer.MAX_VALUE - 3)
class RepoConfigKillTest {

  private static final Path RULES =
      Path.of(System.getProperty("vigil.conformance.scanner", "/work/shared/conformance/scanner"))
          .resolve("rules");
  private static final String HEAD = "fedcba9876543210fedcba9876543210fedcba98";
  private static final Duration EVENTUAL = Duration.ofSeconds(60);

  @Test
  void syncRetriesCleanlyAcrossARepoConfigKill() throws Exception {
    Path rule = RULES.resolve("01_1password_unusual_client.yml");
    assumeTrue(Files.isRegularFile(rule), "Scanner conformance rules not found at " + RULES);
    VigilSystem system = VigilSystem.get();
    String gateway = system.gatewayUrl();
    String token = system.devToken();
    String project = system.devProject();
    String repo = "acme/rules-" + UUID.randomUUID().toString().substring(0, 8);
    String githubToken = "ghp_" + UUID.randomUUID().toString().replace("-", "");

    String connection =
        createConnection(gateway, token, project, repo, githubToken)
            .then()
            .statusCode(201)
            .extract()
            .path("data.id");
    Response created =
        as(token)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "kind",
                    "github_polled",
                    "repo_connection_id",
                    connection,
                    "repository",
                    repo,
                    "branch",
                    "main"))
            .post(gateway + "/v1/sync_sources");
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    String source = created.jsonPath().getString("sync_source.id");
    String tenant = created.jsonPath().getString("sync_source.tenant_id");

    byte[] zipball =
        zipball(
            Map.of(
                "sync-config.yaml",
                // the rule sends to medium_severity_alerts, which must name a sink
                "event_sink_keys:\n"
                    + "  medium_severity_alerts:"
                    + " [{sink_id: 33333333-3333-3333-3333-333333333333}]\n",
                "rules/unusual-client.yml",
                Files.readString(rule)));
    try (FakeZipballs github =
        new FakeZipballs(system.githubApiPort(), repo, githubToken, zipball)) {
      system.kill(ServiceNames.REPO_CONFIG);
      try {
        // The gateway answers for the dead backend in the family's shape.
        Response down = as(token).header("X-Project-Id", project).get(gateway + "/v1/config/repos");
        assertThat(down.statusCode()).as(down.asString()).isEqualTo(502);
        assertThat(down.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(down.jsonPath().getBoolean("success")).isFalse();
        assertThat(down.jsonPath().getString("error.message")).isNotBlank();
        String refusedRepo = repo + "-refused";
        assertThat(createConnection(gateway, token, project, refusedRepo, githubToken).statusCode())
            .isEqualTo(502);

        // sync-service cannot get the credentials: one failed attempt that says why, no rule.
        trigger(gateway, token, tenant);
        JsonPath failed = awaitAttempts(gateway, token, source, 1);
        assertThat(failed.getString("data.sync_attempts[0].status")).isEqualTo("failed");
        assertThat(failed.getString("data.sync_attempts[0].error"))
            .isEqualTo("repo-config credentials unreachable")
            .doesNotContain(githubToken);
        assertThat(rules(gateway, token, source)).isEmpty();
        assertThat(github.served).as("GitHub is never asked without credentials").isEmpty();

        system.restart(ServiceNames.REPO_CONFIG);

        // Back by itself: the kept connection answers; the refused one was never stored, so
        // scanning (which asks repo-config on a miss) does not know its repository either.
        as(token)
            .header("X-Project-Id", project)
            .get(gateway + "/v1/config/repos/" + connection)
            .then()
            .statusCode(200);
        given()
            .header("Authorization", "token " + token)
            .get(gateway + "/repos/" + refusedRepo + "/code-scanning/alerts")
            .then()
            .statusCode(404);
      } finally {
        if (!system.service(ServiceNames.REPO_CONFIG).process().isAlive()) {
          system.restart(ServiceNames.REPO_CONFIG);
        }
      }

      // The same trigger now syncs: the retry needs no manual step.
      trigger(gateway, token, tenant);
      JsonPath attempts = awaitAttempts(gateway, token, source, 2);
      assertThat(attempts.getString("data.sync_attempts[0].status"))
          .as(attempts.prettify())
          .isEqualTo("succeeded");
      assertThat(attempts.getString("data.sync_attempts[0].commit_sha")).isEqualTo(HEAD);
      assertThat(attempts.getInt("data.sync_attempts[0].detection_rules_synced")).isEqualTo(1);
      assertThat(rules(gateway, token, source)).containsExactly("rules/unusual-client.yml");
      assertThat(github.served).containsExactly("/repos/" + repo + "/zipball/main");
    }
  }

  private static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token);
  }

  private static Response createConnection(
      String gateway, String token, String project, String repo, String githubToken) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("platform", "github");
    body.put("credentials", Map.of("token", githubToken));
    body.put("repositories", List.of(repo));
    return as(token)
        .header("X-Project-Id", project)
        .contentType(ContentType.JSON)
        .body(body)
        .post(gateway + "/v1/config/repos");
  }

  private static void trigger(String gateway, String token, String tenant) {
    as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("tenant_id", tenant))
        .post(gateway + "/v1/sync_github_repositories")
        .then()
        .statusCode(200);
  }

  /** The source's attempts once there are {@code count} (newest first). */
  private static JsonPath awaitAttempts(String gateway, String token, String source, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    JsonPath attempts = null;
    while (System.nanoTime() < deadline) {
      Response r = as(token).get(gateway + "/v1/sync_sources/" + source + "/attempts");
      assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
      attempts = r.jsonPath();
      if (attempts.getList("data.sync_attempts").size() >= count) {
        assertThat(attempts.getList("data.sync_attempts")).hasSize(count);
        return attempts;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "sync source " + source + " has not " + count + " attempts: " + attempts.prettify());
  }

  private static List<String> rules(String gateway, String token, String source) {
    return as(token)
        .get(gateway + "/v1/sync_sources/" + source + "/detection_rules")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("data.detection_rules.file_path", String.class);
  }

  /** A GitHub zipball: one top-level folder, the commit SHA as the archive comment. */
  private static byte[] zipball(Map<String, String> files) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      String top = "acme-rules-" + HEAD.substring(0, 7) + "/";
      zip.putNextEntry(new ZipEntry(top));
      for (Map.Entry<String, String> file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(top + file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
      }
      zip.setComment(HEAD);
    }
    return out.toByteArray();
  }

  /**
   * GitHub's archive endpoint for one repository and token, on the loopback port the suite gave the
   * platform calls; records each archive it served.
   */
  private static final class FakeZipballs implements AutoCloseable {

    final List<String> served = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeZipballs(int port, String repo, String token, byte[] zipball) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      server.createContext(
          "/",
          exchange -> {
            String path = exchange.getRequestURI().getPath();
            boolean ok =
                path.equals("/repos/" + repo + "/zipball/main")
                    && ("Bearer " + token)
                        .equals(exchange.getRequestHeaders().getFirst("Authorization"));
            if (ok) {
              served.add(path);
              exchange.getResponseHeaders().set("Content-Type", "application/zip");
              exchange.sendResponseHeaders(200, zipball.length);
              exchange.getResponseBody().write(zipball);
            } else {
              exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
          });
      server.start();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
