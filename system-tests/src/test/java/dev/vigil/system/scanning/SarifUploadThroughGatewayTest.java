package dev.vigil.system.scanning;

import static dev.vigil.system.scanning.CodeScanning.ANALYSES;
import static dev.vigil.system.scanning.CodeScanning.SARIF;
import static dev.vigil.system.scanning.CodeScanning.SARIFS;
import static dev.vigil.system.scanning.CodeScanning.SHA1;
import static dev.vigil.system.scanning.CodeScanning.as;
import static dev.vigil.system.scanning.CodeScanning.assertError;
import static dev.vigil.system.scanning.CodeScanning.checked;
import static dev.vigil.system.scanning.CodeScanning.encode;
import static dev.vigil.system.scanning.CodeScanning.rule;
import static dev.vigil.system.scanning.CodeScanning.sarif;
import static dev.vigil.system.scanning.CodeScanning.upload;
import static dev.vigil.system.scanning.CodeScanning.uploadBody;
import static dev.vigil.system.scanning.CodeScanning.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.system.scanning.CodeScanning.Tenant;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST .../sarifs} and {@code GET .../sarifs/{sarif_id}} as codeql-action and octokit see
 * them through the gateway: the 202 receipt whose URL is the gateway's, GitHub's validation
 * statuses and bodies, and the processing status from pending to complete or failed.
 */
class SarifUploadThroughGatewayTest {

  private static Tenant tenant;
  private static String repo;

  @BeforeAll
  static void repository() {
    CodeScanning.contract(); // skips the class when GitHub's description is absent
    tenant = CodeScanning.devTenant();
    repo = CodeScanning.newRepo("uploads");
    CodeScanning.connect(tenant, repo);
  }

  @Test
  void uploadIsAcceptedAtOnceAndCompletesWithItsAnalyses() {
    String sarif =
        sarif(
            "Semgrep",
            "semgrep/python",
            List.of(rule("py/eval", "error", "7.5")),
            List.of(CodeScanning.result("py/eval", "src/main.py", 3, "h:1")));
    Response accepted =
        checked(
            "post",
            SARIFS,
            upload(tenant.token(), repo, uploadBody(SHA1, "refs/heads/main", encode(sarif))));
    assertThat(accepted.statusCode()).isEqualTo(202);
    String id = accepted.jsonPath().getString("id");
    assertThat(UUID.fromString(id)).isNotNull();
    // The receipt's URL is one the client can call: the gateway's, not the backend's.
    String receiptUrl = accepted.jsonPath().getString("url");
    assertThat(receiptUrl).isEqualTo(url(SARIF, repo, id));

    // The status answers at once (pending or already complete), then complete.
    Response first = checked("get", SARIF, as(tenant.token()).get(receiptUrl));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.jsonPath().getString("processing_status")).isIn("pending", "complete");
    JsonNode status = CodeScanning.awaitProcessed(tenant.token(), repo, id);
    assertThat(status.path("processing_status").asText()).isEqualTo("complete");
    String analysesUrl = status.path("analyses_url").asText();
    assertThat(analysesUrl).isEqualTo(url(ANALYSES, repo) + "?sarif_id=" + id);

    Response analyses = checked("get", ANALYSES, as(tenant.token()).get(analysesUrl));
    assertThat(analyses.jsonPath().getList("sarif_id", String.class)).containsExactly(id);
    assertThat(analyses.jsonPath().getList("category", String.class))
        .containsExactly("semgrep/python/");
    assertThat(analyses.jsonPath().getList("results_count", Integer.class)).containsExactly(1);
  }

  @Test
  void anUploadIsAcceptedWhileAnEarlierOneOfTheRepositoryIsBeingProcessed() throws Exception {
    String busy = CodeScanning.newRepo("busy");
    CodeScanning.connect(tenant, busy);
    String big =
        CodeScanning.uploaded(
            tenant.token(), busy, SHA1, "refs/heads/main", CodeScanning.multiRun("Big", 8, 6_000));
    Thread.sleep(1_000); // let its processing start (a wait, not an assertion)
    String small =
        CodeScanning.uploaded(
            tenant.token(),
            busy,
            SHA1,
            "refs/heads/main",
            sarif(
                "Small",
                null,
                List.of(rule("s/rule", "note", null)),
                CodeScanning.results("s/rule", "s-", 1)));
    // codeql-action gets its receipt at once: storing the second upload does not wait for the
    // first one's processing, which is still under way.
    Response first = checked("get", SARIF, as(tenant.token()).get(url(SARIF, busy, big)));
    assertThat(first.jsonPath().getString("processing_status")).isEqualTo("pending");
    assertThat(
            CodeScanning.awaitProcessed(tenant.token(), busy, big)
                .path("processing_status")
                .asText())
        .isEqualTo("complete");
    assertThat(
            CodeScanning.awaitProcessed(tenant.token(), busy, small)
                .path("processing_status")
                .asText())
        .isEqualTo("complete");
  }

  @Test
  void realToolOutputIsProcessedIntoAlerts() {
    // ESLint's SARIF with absolute file:///src/express-4.21.2/... URIs made relative by
    // checkout_uri, as codeql-action upload-sarif sends it.
    byte[] eslint = CodeScanning.sample("eslint-express.sarif");
    String sampleRepo = CodeScanning.newRepo("eslint");
    CodeScanning.connect(tenant, sampleRepo);
    Map<String, Object> body = uploadBody(SHA1, "refs/heads/main", encode(eslint));
    body.put("checkout_uri", "file:///src/express-4.21.2");
    body.put("tool_name", "ESLint");
    Response accepted = checked("post", SARIFS, upload(tenant.token(), sampleRepo, body));
    assertThat(accepted.statusCode()).isEqualTo(202);
    String id = accepted.jsonPath().getString("id");
    JsonNode status = CodeScanning.awaitProcessed(tenant.token(), sampleRepo, id);
    assertThat(status.path("processing_status").asText()).isEqualTo("complete");

    Response analyses =
        checked(
            "get",
            ANALYSES,
            as(tenant.token()).queryParam("sarif_id", id).get(url(ANALYSES, sampleRepo)));
    assertThat(analyses.jsonPath().getList("tool.name", String.class)).containsExactly("ESLint");
    assertThat(analyses.jsonPath().getInt("[0].results_count")).isEqualTo(65);
    Response alerts =
        checked(
            "get",
            CodeScanning.ALERTS,
            as(tenant.token())
                .queryParam("per_page", 100)
                .get(url(CodeScanning.ALERTS, sampleRepo)));
    assertThat(alerts.jsonPath().getList("$")).isNotEmpty();
    assertThat(alerts.jsonPath().getList("most_recent_instance.location.path", String.class))
        .allSatisfy(path -> assertThat(path).doesNotStartWith("file:").doesNotStartWith("/"));
  }

  @Test
  void invalidFieldsAreGitHubValidationErrors() {
    String sarif = encode(sarif("T", null, List.of(), List.of()));
    Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
    cases.put("commit_sha", uploadBody("abc", "refs/heads/main", sarif));
    cases.put("ref", uploadBody(SHA1, "main", sarif));
    Map<String, Object> missingSarif = uploadBody(SHA1, "refs/heads/main", sarif);
    missingSarif.remove("sarif");
    cases.put("sarif", missingSarif);
    for (Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
      Response r = checked("post", SARIFS, upload(tenant.token(), repo, c.getValue()));
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(422);
      assertThat(r.jsonPath().getString("message")).isEqualTo("Validation Failed");
      assertThat(r.jsonPath().getString("errors[0].field")).isEqualTo(c.getKey());
    }
    Map<String, Object> missingSha = uploadBody(SHA1, "refs/heads/main", sarif);
    missingSha.remove("commit_sha");
    Response missing = checked("post", SARIFS, upload(tenant.token(), repo, missingSha));
    assertThat(missing.statusCode()).isEqualTo(422);
    assertThat(missing.jsonPath().getString("errors[0].code")).isEqualTo("missing_field");
  }

  @Test
  void unreadablePayloadsAre400AndOversizedOnes413() {
    Response notBase64 =
        checked(
            "post",
            SARIFS,
            upload(tenant.token(), repo, uploadBody(SHA1, "refs/heads/main", "%%%not base64%%%")));
    assertThat(notBase64.statusCode()).isEqualTo(400);
    String plain =
        Base64.getEncoder()
            .encodeToString("{\"version\":\"2.1.0\",\"runs\":[]}".getBytes(StandardCharsets.UTF_8));
    Response notGzip =
        checked(
            "post",
            SARIFS,
            upload(tenant.token(), repo, uploadBody(SHA1, "refs/heads/main", plain)));
    assertThat(notGzip.statusCode()).isEqualTo(400);
    assertThat(notGzip.jsonPath().getString("message")).contains("gzip");
    Response notJson =
        checked(
            "post",
            SARIFS,
            as(tenant.token())
                .contentType(ContentType.JSON)
                .body("{\"commit_sha\":")
                .post(url(SARIFS, repo)));
    assertError(notJson, 400, "Problems parsing JSON");
    // Just above GitHub's 10 MB of gzip: GitHub's 413, from the service behind the gateway.
    String huge = "A".repeat((int) ((10L * 1024 * 1024 + 3) * 4 / 3) + 8);
    Response tooLarge =
        checked(
            "post",
            SARIFS,
            upload(tenant.token(), repo, uploadBody(SHA1, "refs/heads/main", huge)));
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.jsonPath().getString("message")).isNotBlank();
  }

  @Test
  void sarifTheServiceCannotReadFailsWithErrors() {
    Response accepted =
        checked(
            "post",
            SARIFS,
            upload(
                tenant.token(),
                repo,
                uploadBody(
                    SHA1, "refs/heads/main", encode("{\"version\":\"2.0.0\",\"runs\":[]}"))));
    assertThat(accepted.statusCode()).isEqualTo(202);
    JsonNode status =
        CodeScanning.awaitProcessed(tenant.token(), repo, accepted.jsonPath().getString("id"));
    assertThat(status.path("processing_status").asText()).isEqualTo("failed");
    assertThat(status.path("errors").get(0).asText()).contains("2.1.0");
    assertThat(status.path("analyses_url").isNull()).isTrue();
  }

  @Test
  void unknownUploadIdIsNotFound() {
    Response unknown =
        checked("get", SARIF, as(tenant.token()).get(url(SARIF, repo, UUID.randomUUID())));
    assertError(unknown, 404, "Not Found");
    Response malformed = checked("get", SARIF, as(tenant.token()).get(url(SARIF, repo, "nope")));
    assertThat(malformed.statusCode()).isEqualTo(404);
  }

  /**
   * codeql-action in a workflow: a status report, then {@code PUT …/code-scanning/analysis} with
   * the commit as {@code commit_oid} and its workflow fields, then polling the receipt's id on
   * GitHub's public status endpoint.
   */
  @Test
  void codeqlActionWorkflowUploadIsProcessedAndPolledLikeAPublicOne() {
    String analysis = url(CodeScanning.BASE + "/analysis", repo);
    Response report =
        as(tenant.token())
            .contentType(ContentType.JSON)
            .body(Map.of("action_name", "upload-sarif", "status", "starting"))
            .put(analysis + "/status");
    assertThat(report.statusCode()).isEqualTo(204);

    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("commit_oid", SHA1);
    payload.put("ref", "refs/heads/main");
    payload.put("analysis_key", ".github/workflows/codeql.yml:analyze");
    payload.put("analysis_name", "CodeQL");
    payload.put(
        "sarif",
        encode(
            sarif(
                "CodeQL",
                "/language:python",
                List.of(rule("py/sql-injection", "error", "8.8")),
                List.of(CodeScanning.result("py/sql-injection", "app/db.py", 12, "h:sql")))));
    payload.put("workflow_run_id", 4242);
    payload.put("checkout_uri", "file:///home/runner/work/app/app");
    payload.put("environment", "{\"language\":\"python\"}");
    payload.put("tool_names", List.of("CodeQL"));
    Response accepted =
        as(tenant.token()).contentType(ContentType.JSON).body(payload).put(analysis);
    assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
    String id = accepted.jsonPath().getString("id");
    assertThat(accepted.jsonPath().getString("url")).isEqualTo(url(SARIF, repo, id));

    JsonNode status = CodeScanning.awaitProcessed(tenant.token(), repo, id);
    assertThat(status.path("processing_status").asText()).isEqualTo("complete");
    Response analyses =
        checked(
            "get",
            ANALYSES,
            as(tenant.token()).queryParam("sarif_id", id).get(url(ANALYSES, repo)));
    assertThat(analyses.jsonPath().getList("commit_sha", String.class)).containsExactly(SHA1);

    payload.put("commit_oid", "not-a-commit");
    Response rejected =
        as(tenant.token()).contentType(ContentType.JSON).body(payload).put(analysis);
    assertThat(rejected.statusCode()).isEqualTo(422);
    assertThat(rejected.asString()).contains("commit_oid");
  }
}
