package dev.vigil.scanning.api;

import static dev.vigil.scanning.api.ScanningTestSupport.BASE;
import static dev.vigil.scanning.api.ScanningTestSupport.SHA;
import static dev.vigil.scanning.api.ScanningTestSupport.encode;
import static dev.vigil.scanning.api.ScanningTestSupport.result;
import static dev.vigil.scanning.api.ScanningTestSupport.rule;
import static dev.vigil.scanning.api.ScanningTestSupport.sarif;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.scanning.api.ScanningTestSupport.Tenant;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoints codeql-action calls from a workflow: {@code PUT …/code-scanning/analysis} with the
 * payload the action builds (commit as {@code commit_oid}, workflow fields beside GitHub's), then
 * polling {@code GET …/sarifs/{id}}; and its status reports on {@code PUT …/analysis/status}.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class ActionsAnalysisTest {

  private static final String ANALYSIS = BASE + "/analysis";

  private Tenant tenant;

  @BeforeEach
  void repository() {
    tenant = Tenant.create();
    ScanningTestSupport.connect(tenant, "acme/actions", "main");
  }

  /** What codeql-action's upload-lib sends (buildPayload), with a one-result SARIF. */
  private static Map<String, Object> actionPayload(String commitOid) {
    Map<String, Object> body = new HashMap<>();
    body.put("commit_oid", commitOid);
    body.put("ref", "refs/heads/main");
    body.put("analysis_key", ".github/workflows/codeql.yml:analyze");
    body.put("analysis_name", "CodeQL");
    body.put(
        "sarif",
        encode(
            sarif(
                "CodeQL",
                "/language:python",
                rule("py/sql-injection", "error", "8.8"),
                result("py/sql-injection", "app/db.py", 12, "h:sql"))));
    body.put("workflow_run_id", 4242);
    body.put("workflow_run_attempt", 1);
    body.put("checkout_uri", "file:///home/runner/work/actions/actions");
    body.put("environment", "{\"language\":\"python\"}");
    body.put("started_at", "2026-11-23T10:00:00Z");
    body.put("tool_names", List.of("CodeQL"));
    return body;
  }

  private Response put(String path, String token, Object body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(body)
        .put(path, "acme", "actions");
  }

  @Test
  void theActionsUploadIsProcessedLikeAPublicOne() {
    Response accepted = put(ANALYSIS, tenant.token(), actionPayload(SHA));
    assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
    String id = accepted.jsonPath().getString("id");
    assertThat(accepted.jsonPath().getString("url"))
        .endsWith("/repos/acme/actions/code-scanning/sarifs/" + id);

    JsonNode status = ScanningTestSupport.awaitProcessed(tenant, "acme/actions", id);
    assertThat(status.path("processing_status").asText()).isEqualTo("complete");

    Response analyses =
        given()
            .auth()
            .oauth2(tenant.readToken())
            .queryParam("sarif_id", id)
            .get(BASE + "/analyses", "acme", "actions");
    assertThat(analyses.jsonPath().getList("commit_sha", String.class)).containsExactly(SHA);
    assertThat(analyses.jsonPath().getList("results_count", Integer.class)).containsExactly(1);
    Response alerts =
        given().auth().oauth2(tenant.readToken()).get(BASE + "/alerts", "acme", "actions");
    assertThat(alerts.jsonPath().getList("rule.id", String.class))
        .containsExactly("py/sql-injection");
  }

  @Test
  void aBadCommitIsRejectedUnderTheActionsFieldName() {
    Response rejected = put(ANALYSIS, tenant.token(), actionPayload("not-a-sha"));
    assertThat(rejected.statusCode()).isEqualTo(422);
    assertThat(rejected.jsonPath().getString("message")).isEqualTo("Validation Failed");
    assertThat(rejected.asString()).contains("commit_oid").doesNotContain("commit_sha");

    Map<String, Object> missing = actionPayload(SHA);
    missing.remove("commit_oid");
    Response none = put(ANALYSIS, tenant.token(), missing);
    assertThat(none.statusCode()).isEqualTo(422);
    assertThat(none.asString()).contains("commit_oid");
  }

  @Test
  void uploadNeedsWriteAccessAndAKnownRepository() {
    assertThat(put(ANALYSIS, tenant.readToken(), actionPayload(SHA)).statusCode()).isEqualTo(403);
    Response unknown =
        given()
            .auth()
            .oauth2(tenant.token())
            .contentType(ContentType.JSON)
            .body(actionPayload(SHA))
            .put(ANALYSIS, "acme", "never-connected");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.jsonPath().getString("message")).isEqualTo("Not Found");
  }

  @Test
  void statusReportsAreAcknowledgedForKnownRepositoriesOnly() {
    Map<String, Object> report =
        Map.of(
            "action_name", "upload-sarif",
            "status", "starting",
            "started_at", "2026-11-23T10:00:00Z",
            "workflow_run_id", 4242);
    assertThat(put(ANALYSIS + "/status", tenant.token(), report).statusCode()).isEqualTo(204);
    Response unknown =
        given()
            .auth()
            .oauth2(tenant.token())
            .contentType(ContentType.JSON)
            .body(report)
            .put(ANALYSIS + "/status", "acme", "never-connected");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(put(ANALYSIS + "/status", tenant.token(), List.of(1)).statusCode()).isEqualTo(422);
  }
}
