package dev.vigil.system.scanning;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.system.VigilSystem;
import dev.vigil.testkit.contract.GitHubContract;
import dev.vigil.testkit.sarif.SarifSamples;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * What the code-scanning system tests share: the running suite, tenants and tokens made through the
 * gateway's own APIs, repositories connected through repo-config (so scanning learns them from
 * Kafka), SARIF building and upload, eventual waiting, and every response checked against GitHub's
 * OpenAPI description plus the headers every GitHub route carries through the gateway.
 */
final class CodeScanning {

  static final String BASE = "/repos/{owner}/{repo}/code-scanning";
  static final String SARIFS = BASE + "/sarifs";
  static final String SARIF = BASE + "/sarifs/{sarif_id}";
  static final String ANALYSES = BASE + "/analyses";
  static final String ANALYSIS = BASE + "/analyses/{analysis_id}";
  static final String ALERTS = BASE + "/alerts";
  static final String ALERT = BASE + "/alerts/{alert_number}";
  static final String INSTANCES = BASE + "/alerts/{alert_number}/instances";

  static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";
  static final String SHA2 = "89abcdef0123456789abcdef0123456789abcdef";
  static final String SHA3 = "fedcba9876543210fedcba9876543210fedcba98";

  /** Generous: a whole suite shares one machine; nothing here measures speed. */
  static final Duration EVENTUAL = Duration.ofSeconds(120);

  static final Path SARIF_SAMPLES =
      Path.of(System.getProperty("vigil.conformance.sarif", "/work/shared/conformance/sarif"));

  private static final ObjectMapper JSON = new ObjectMapper();

  private CodeScanning() {}

  static VigilSystem system() {
    return VigilSystem.get();
  }

  static String gateway() {
    return system().gatewayUrl();
  }

  static GitHubContract contract() {
    return GitHubContract.get();
  }

  /** A tenant as a client sees it: a token with every scope and a project to connect into. */
  record Tenant(String slug, String token, String project) {}

  /** The dev tenant the gateway bootstraps. */
  static Tenant devTenant() {
    return new Tenant("dev", system().devToken(), system().devProject());
  }

  /**
   * A new tenant through the gateway's admin API with the bootstrap operator's token: its owner
   * token comes back once; a project is made with it for repository connections.
   */
  static Tenant newTenant() {
    String slug = "other-" + UUID.randomUUID().toString().substring(0, 8);
    Response created =
        given()
            .auth()
            .oauth2(system().operatorToken())
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "slug", slug, "plan", "enterprise", "owner_email", "owner@" + slug + ".test"))
            .post(gateway() + "/vigil/v1/tenants");
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    String token = created.jsonPath().getString("token.token");
    Response project =
        given()
            .auth()
            .oauth2(token)
            .contentType(ContentType.JSON)
            .body(Map.of("name", "default"))
            .post(gateway() + "/vigil/v1/projects");
    assertThat(project.statusCode()).as(project.asString()).isEqualTo(201);
    return new Tenant(slug, token, project.jsonPath().getString("id"));
  }

  /** A token of the tenant's owner with only {@code scopes}, made through the token API. */
  static String tokenWithScopes(Tenant tenant, String... scopes) {
    Response created =
        given()
            .header("Authorization", "Token " + tenant.token())
            .contentType(ContentType.JSON)
            .body(Map.of("name", "limited " + String.join(" ", scopes), "scopes", List.of(scopes)))
            .post(gateway() + "/v1/api_tokens");
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    assertThat(created.jsonPath().getList("scopes", String.class))
        .containsExactlyInAnyOrder(scopes);
    return created.jsonPath().getString("token");
  }

  /** A fresh repository name under {@code acme}. */
  static String newRepo(String prefix) {
    return "acme/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Connects the repository in repo-config (default branch {@code main}) and waits until scanning
   * learned it from {@code vigil.repos.v1}.
   */
  static void connect(Tenant tenant, String repo) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("platform", "github");
    body.put(
        "credentials", Map.of("token", "ghp_" + UUID.randomUUID().toString().replace("-", "")));
    body.put("repositories", List.of(repo));
    body.put(
        "serviceMappings",
        List.of(
            Map.of(
                "serviceName",
                "web",
                "repo",
                repo,
                "pathPrefix",
                "src/",
                "defaultBranch",
                "main")));
    Response created =
        given()
            .auth()
            .oauth2(tenant.token())
            .header("X-Project-Id", tenant.project())
            .contentType(ContentType.JSON)
            .body(body)
            .post(gateway() + "/v1/config/repos");
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    eventually(
        "scanning knows " + repo,
        () -> as(tenant.token()).get(url(ANALYSES, repo)).statusCode() == 200);
  }

  /** A request through the gateway with a GitHub-style {@code Authorization: token …}. */
  static RequestSpecification as(String token) {
    return given().header("Authorization", "token " + token);
  }

  /** The gateway URL of a path template, e.g. {@code url(ALERT, "acme/x", 3)}. */
  static String url(String template, String repo, Object... params) {
    String[] parts = repo.split("/", 2);
    String path = template.replace("{owner}", parts[0]).replace("{repo}", parts[1]);
    for (Object param : params) {
      int open = path.indexOf('{');
      int close = path.indexOf('}', open);
      path = path.substring(0, open) + param + path.substring(close + 1);
    }
    return gateway() + path;
  }

  /**
   * Checks the response against GitHub's description of the operation (status, content type,
   * documented headers, {@code Link}, body schema) and the headers GitHub sends on REST responses
   * ({@code X-GitHub-Request-Id}; {@code X-RateLimit-*}, read by octokit's throttling, complete
   * whenever present); returns it for further assertions.
   */
  static Response checked(String method, String template, Response response) {
    contract().check(method, template, response);
    String where = method.toUpperCase(Locale.ROOT) + " " + template;
    assertThat(response.header("X-GitHub-Request-Id"))
        .as("%s: X-GitHub-Request-Id", where)
        .isNotBlank();
    // Plans with a limit report it as GitHub does; the unlimited plan sends none at all.
    if (response.header("X-RateLimit-Limit") != null) {
      for (String header :
          List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")) {
        assertThat(response.header(header)).as("%s: %s", where, header).matches("[0-9]+");
      }
    }
    return response;
  }

  /** The documented error of a GitHub response: status, message and a documentation URL. */
  static void assertError(Response response, int status, String message) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    assertThat(response.jsonPath().getString("message")).isEqualTo(message);
    assertThat(response.jsonPath().getString("documentation_url")).startsWith("https://");
  }

  // --- SARIF ---------------------------------------------------------------------------------

  static Map<String, Object> uploadBody(String commit, String ref, String encodedSarif) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("commit_sha", commit);
    body.put("ref", ref);
    body.put("sarif", encodedSarif);
    return body;
  }

  static Response upload(String token, String repo, Map<String, Object> body) {
    return as(token).contentType(ContentType.JSON).body(body).post(url(SARIFS, repo));
  }

  /** Uploads, checks the 202 receipt and returns the upload id. */
  static String uploaded(String token, String repo, String commit, String ref, String sarif) {
    Response accepted =
        checked("post", SARIFS, upload(token, repo, uploadBody(commit, ref, encode(sarif))));
    assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
    return accepted.jsonPath().getString("id");
  }

  /** Uploads and waits until processing completed; returns the upload id. */
  static String processed(String token, String repo, String commit, String ref, String sarif) {
    String id = uploaded(token, repo, commit, ref, sarif);
    JsonNode status = awaitProcessed(token, repo, id);
    assertThat(status.path("processing_status").asText())
        .as(status.toString())
        .isEqualTo("complete");
    return id;
  }

  /** Polls the upload's status (each answer checked) until it is no longer pending. */
  static JsonNode awaitProcessed(String token, String repo, String sarifId) {
    JsonNode[] last = new JsonNode[1];
    eventually(
        "upload " + sarifId + " of " + repo + " processed",
        () -> {
          Response r = as(token).get(url(SARIF, repo, sarifId));
          if (r.statusCode() != 200) {
            return false; // e.g. 502 while scanning-service restarts
          }
          checked("get", SARIF, r);
          last[0] = json(r);
          return !"pending".equals(last[0].path("processing_status").asText());
        });
    return last[0];
  }

  static String encode(byte[] sarif) {
    return SarifSamples.encode(sarif);
  }

  static String encode(String sarif) {
    return SarifSamples.encode(sarif);
  }

  /** A real tool's SARIF from the conformance folder; skips the test when it is absent. */
  static byte[] sample(String name) {
    Path file = SARIF_SAMPLES.resolve(name);
    assumeTrue(
        Files.isRegularFile(file),
        "skipped: SARIF sample " + file + " not found (conformance folder absent)");
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A SARIF log of one run of {@code tool}; {@code category} becomes automationDetails.id. */
  static String sarif(String tool, String category, List<String> rules, List<String> results) {
    return SarifSamples.sarif(tool, category, rules, results);
  }

  static String rule(String id, String level, String securitySeverity) {
    return SarifSamples.rule(id, level, securitySeverity);
  }

  static String result(String ruleId, String path, int line, String hash) {
    return SarifSamples.result(ruleId, path, line, hash);
  }

  /** {@code runs} runs of {@code tool}, each its own category with distinct results. */
  static String multiRun(String tool, int runs, int resultsPerRun) {
    return SarifSamples.multiRun(tool, runs, resultsPerRun);
  }

  /** {@code n} results of {@code ruleId}, one per file, with distinct fingerprints. */
  static List<String> results(String ruleId, String prefix, int n) {
    return SarifSamples.results(ruleId, prefix, n);
  }

  // --- helpers -------------------------------------------------------------------------------

  static JsonNode json(Response response) {
    try {
      return JSON.readTree(response.asByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
    throw new AssertionError("not within " + EVENTUAL + ": " + what);
  }
}
