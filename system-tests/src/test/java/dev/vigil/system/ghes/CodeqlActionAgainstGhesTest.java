package dev.vigil.system.ghes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.system.VigilSystem;
import dev.vigil.testkit.sarif.SarifSamples;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * codeql-action's upload-sarif against Vigil as a GitHub Enterprise Server ({@code GITHUB_API_URL}
 * = the gateway), in a job whose only codeql-action step is upload-sarif, replayed request for
 * request from a faked runner environment: {@code GET /meta} (the server is not github.com), the
 * workflow run for the analysis key (no {@code GITHUB_WORKFLOW_REF}), the starting status report,
 * {@code PUT …/code-scanning/analysis}, polling {@code sarifs/{id}} until complete, the final
 * status report. The workflow run is forwarded to the repository's own GitHub (a fake one here)
 * with the connection's token, read-only.
 */
class CodeqlActionAgainstGhesTest {

  private static final String WORKFLOW = ".github/workflows/third-party-scan.yml";
  private static final String SHA = "2f7c3a1e9b8d4c6a5e0f1b2c3d4e5f6a7b8c9d0e";
  private static final Duration EVENTUALLY = Duration.ofSeconds(90);

  private static String gateway;
  private static String vigilToken;
  private static String platformToken;
  private static String repo;
  private static FakeGitHub github;
  private static Map<String, String> runner;

  @BeforeAll
  static void connectedRepositoryOnItsOwnGitHub() throws Exception {
    VigilSystem system = VigilSystem.get();
    gateway = system.gatewayUrl();
    String slug = "ghes-" + UUID.randomUUID().toString().substring(0, 8);
    Response tenant =
        given()
            .auth()
            .oauth2(system.operatorToken())
            .contentType(ContentType.JSON)
            .body(Map.of("slug", slug, "plan", "enterprise", "owner_email", "o@" + slug + ".test"))
            .post(gateway + "/vigil/v1/tenants");
    assertThat(tenant.statusCode()).isEqualTo(201);
    vigilToken = tenant.jsonPath().getString("token.token");
    String project =
        given()
            .auth()
            .oauth2(vigilToken)
            .contentType(ContentType.JSON)
            .body(Map.of("name", "ci"))
            .post(gateway + "/vigil/v1/projects")
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    repo = "acme/ghes-" + UUID.randomUUID().toString().substring(0, 8);
    platformToken = "ghp_runner" + UUID.randomUUID().toString().replace("-", "");
    github = new FakeGitHub(system.githubApiPort(), repo, platformToken, WORKFLOW);
    given()
        .auth()
        .oauth2(vigilToken)
        .header("X-Project-Id", project)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "platform", "github",
                "credentials", Map.of("token", platformToken),
                "repositories", List.of(repo)))
        .post(gateway + "/v1/config/repos")
        .then()
        .statusCode(201);
    eventually(
        "scanning knows " + repo,
        () -> action().get("/repos/" + repo + "/code-scanning/analyses").statusCode() == 200);

    // What the runner gives the action (no GITHUB_WORKFLOW_REF, as on older servers and in
    // containers that do not pass it on).
    runner = new LinkedHashMap<>();
    runner.put("GITHUB_API_URL", gateway);
    runner.put("GITHUB_SERVER_URL", "https://ghes.example.test");
    runner.put("GITHUB_REPOSITORY", repo);
    runner.put("GITHUB_RUN_ID", "987654321");
    runner.put("GITHUB_RUN_ATTEMPT", "1");
    runner.put("GITHUB_JOB", "scan");
    runner.put("GITHUB_SHA", SHA);
    runner.put("GITHUB_REF", "refs/heads/main");
    runner.put("GITHUB_WORKFLOW", "Third-party scan");
  }

  @AfterAll
  static void stopGitHub() {
    if (github != null) {
      github.close();
    }
  }

  @Test
  void uploadSarifRunsEndToEndAgainstVigilAsGhes() {
    // 1. The server is not github.com: the action asks /meta and reads the enterprise version.
    Response meta = action().get(runner.get("GITHUB_API_URL") + "/meta");
    assertThat(meta.statusCode()).isEqualTo(200);
    String version = meta.header("X-GitHub-Enterprise-Version");
    assertThat(version).matches("3\\.[0-9]+\\.[0-9]+");
    assertThat(meta.jsonPath().getString("installed_version")).isEqualTo(version);
    int minor = Integer.parseInt(version.split("\\.")[1]);
    // codeql-action's api-compatibility.json: GHES 3.14 to 3.21 without a warning.
    assertThat(minor).isBetween(14, 21);

    // 2. The analysis key: workflow path (from the run) and job name.
    String[] nwo = runner.get("GITHUB_REPOSITORY").split("/");
    Response run =
        action()
            .queryParam("exclude_pull_requests", "true")
            .get(
                api(
                    "/repos/"
                        + nwo[0]
                        + "/"
                        + nwo[1]
                        + "/actions/runs/"
                        + runner.get("GITHUB_RUN_ID")));
    assertThat(run.statusCode()).isEqualTo(200);
    assertThat(run.contentType()).startsWith("application/json");
    String analysisKey = run.jsonPath().getString("path") + ":" + runner.get("GITHUB_JOB");
    assertThat(analysisKey).isEqualTo(WORKFLOW + ":scan");

    // 3. The starting status report.
    String analysis = api("/repos/" + repo + "/code-scanning/analysis");
    Map<String, Object> report = statusReport(analysisKey, "starting");
    assertThat(
            action()
                .contentType(ContentType.JSON)
                .body(report)
                .put(analysis + "/status")
                .statusCode())
        .isEqualTo(204);

    // 4. The upload.
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("commit_oid", runner.get("GITHUB_SHA"));
    payload.put("ref", runner.get("GITHUB_REF"));
    payload.put("analysis_key", analysisKey);
    payload.put("analysis_name", runner.get("GITHUB_WORKFLOW"));
    payload.put(
        "sarif",
        SarifSamples.encode(
            SarifSamples.sarif(
                "ThirdPartyScanner",
                "/language:java",
                List.of(SarifSamples.rule("tp/path-injection", "error", "7.5")),
                List.of(
                    SarifSamples.result("tp/path-injection", "src/Files.java", 21, "tp:path:1")))));
    payload.put("workflow_run_id", Long.parseLong(runner.get("GITHUB_RUN_ID")));
    payload.put("workflow_run_attempt", 1);
    payload.put("checkout_uri", "file:///runner/work/app/app");
    payload.put("environment", "null");
    payload.put("started_at", Instant.now().toString());
    payload.put("tool_names", List.of("ThirdPartyScanner"));
    Response accepted = action().contentType(ContentType.JSON).body(payload).put(analysis);
    assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
    String sarifId = accepted.jsonPath().getString("id");

    // 5. Polling until processed, as the action's waitForProcessing does.
    String[] status = {null};
    eventually(
        "upload " + sarifId + " processed",
        () -> {
          Response polled =
              action().get(api("/repos/" + repo + "/code-scanning/sarifs/" + sarifId));
          status[0] =
              polled.statusCode() == 200 ? polled.jsonPath().getString("processing_status") : null;
          return status[0] != null && !"pending".equals(status[0]);
        });
    assertThat(status[0]).isEqualTo("complete");

    // 6. The final status report.
    assertThat(
            action()
                .contentType(ContentType.JSON)
                .body(statusReport(analysisKey, "success"))
                .put(analysis + "/status")
                .statusCode())
        .isEqualTo(204);

    Response analyses =
        action()
            .queryParam("sarif_id", sarifId)
            .get(api("/repos/" + repo + "/code-scanning/analyses"));
    assertThat(analyses.jsonPath().getList("analysis_key", String.class))
        .containsExactly(WORKFLOW + ":scan");

    // The platform saw the workflow-run lookup only, read-only, with the connection's token —
    // never the Vigil token.
    List<FakeGitHub.Received> runLookups =
        github.received().stream().filter(r -> r.path().contains("/actions/")).toList();
    assertThat(runLookups)
        .containsExactly(
            new FakeGitHub.Received(
                "GET",
                "/repos/" + repo + "/actions/runs/987654321",
                "exclude_pull_requests=true",
                "Bearer " + platformToken));
    assertThat(github.received())
        .allSatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("GET");
              assertThat(String.valueOf(r.authorization())).doesNotContain(vigilToken);
            });
  }

  @Test
  void onlyTheWorkflowRunIsForwardedAndOnlyForConnectedRepositories() {
    String runs = api("/repos/" + repo + "/actions/runs/987654321");
    assertThat(action().delete(runs).statusCode()).isEqualTo(405);
    assertThat(action().get(api("/repos/" + repo + "/actions/runs")).statusCode()).isEqualTo(404);
    assertThat(action().get(api("/repos/" + repo + "/actions/workflows/161335")).statusCode())
        .isEqualTo(404);
    Response unknown = action().get(api("/repos/acme/not-connected-here/actions/runs/1"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.jsonPath().getString("message")).isEqualTo("Not Found");
    assertThat(unknown.jsonPath().getString("documentation_url"))
        .startsWith("https://docs.github.com");
    assertThat(github.received()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    assertThat(github.received())
        .noneMatch(r -> r.path().endsWith("/actions/runs") || r.path().contains("/workflows/"));
  }

  private static Map<String, Object> statusReport(String analysisKey, String status) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("action_name", "upload-sarif");
    report.put("action_ref", "v3");
    report.put("action_started_at", Instant.now().toString());
    report.put("analysis_key", analysisKey);
    report.put("commit_oid", runner.get("GITHUB_SHA"));
    report.put("ref", runner.get("GITHUB_REF"));
    report.put("workflow_name", runner.get("GITHUB_WORKFLOW"));
    report.put("workflow_run_id", Long.parseLong(runner.get("GITHUB_RUN_ID")));
    report.put("workflow_run_attempt", 1);
    report.put("job_name", runner.get("GITHUB_JOB"));
    report.put("status", status);
    report.put("started_at", Instant.now().toString());
    return report;
  }

  private static String api(String path) {
    return runner.get("GITHUB_API_URL") + path;
  }

  /** What the action's Octokit client sends with every call. */
  private static RequestSpecification action() {
    return given()
        .baseUri(gateway)
        .header("Authorization", "token " + vigilToken)
        .header("User-Agent", "CodeQL-Action/3.29.0")
        .accept("application/vnd.github.v3+json");
  }

  private static void eventually(String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + EVENTUALLY.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError(what + " did not happen within " + EVENTUALLY);
  }
}
