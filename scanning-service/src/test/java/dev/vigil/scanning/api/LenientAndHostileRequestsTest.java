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
import dev.vigil.testkit.contract.GitHubContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests as real clients and hostile ones send them: JSON bodies whatever the declared content
 * type (GitHub's own curl examples), X-GitHub-Api-Version checked, every text parameter free of NUL
 * and bounded (422, never 500), over-long SARIF identifiers failing the analysis with a message,
 * and the category keeping its trailing slash in JSON and SARIF alike.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class LenientAndHostileRequestsTest {

  private static final String REPO = "acme/lenient";

  /** Sends a form-typed body as the bytes given, as curl's -d does. */
  private static final RestAssuredConfig FORM_AS_TEXT =
      RestAssured.config()
          .encoderConfig(
              EncoderConfig.encoderConfig()
                  .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.TEXT));

  @Test
  void jsonBodiesAreReadWhateverTheContentTypeAndApiVersionsAreChecked() {
    Tenant tenant = Tenant.create();
    ScanningTestSupport.connect(tenant, REPO, "main");
    String body =
        "{\"commit_sha\":\""
            + SHA
            + "\",\"ref\":\"refs/heads/main\",\"sarif\":\""
            + encode(
                sarif(
                    "Lenient",
                    null,
                    rule("R1", "error", null),
                    result("R1", "src/a.js", 3, "h1:1")))
            + "\"}";
    for (String type : new String[] {"application/x-www-form-urlencoded", "text/plain", null}) {
      var request = given().config(FORM_AS_TEXT).auth().oauth2(tenant.token());
      if (type != null) {
        request = request.contentType(type);
      }
      Response accepted =
          request
              .body(body.getBytes(StandardCharsets.UTF_8))
              .post(BASE + "/sarifs", "acme", "lenient");
      assertThat(accepted.statusCode()).as(type + ": " + accepted.asString()).isEqualTo(202);
      ScanningTestSupport.awaitProcessed(tenant, REPO, accepted.jsonPath().getString("id"));
    }
    Response patched =
        given()
            .auth()
            .oauth2(tenant.token())
            .config(FORM_AS_TEXT)
            .contentType("application/x-www-form-urlencoded")
            .body("{\"state\":\"dismissed\",\"dismissed_reason\":\"false positive\"}")
            .patch(BASE + "/alerts/1", "acme", "lenient");
    assertThat(patched.statusCode()).as(patched.asString()).isEqualTo(200);
    assertThat(patched.jsonPath().getString("state")).isEqualTo("dismissed");
    Response notJson =
        given()
            .auth()
            .oauth2(tenant.token())
            .body("state=open")
            .patch(BASE + "/alerts/1", "acme", "lenient");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.jsonPath().getString("message")).isEqualTo("Problems parsing JSON");

    Response current =
        given()
            .auth()
            .oauth2(tenant.token())
            .header("X-GitHub-Api-Version", "2022-11-28")
            .get(BASE + "/alerts", "acme", "lenient");
    assertThat(current.statusCode()).isEqualTo(200);
    Response unsupported =
        given()
            .auth()
            .oauth2(tenant.token())
            .header("X-GitHub-Api-Version", "1999-01-01")
            .get(BASE + "/alerts", "acme", "lenient");
    assertThat(unsupported.statusCode()).isEqualTo(400);
    assertThat(unsupported.jsonPath().getString("message")).contains("X-GitHub-Api-Version");
    assertThat(unsupported.asString()).doesNotContain("1999-01-01");
  }

  @Test
  void nulAndOversizeTextAreClientErrorsNeverServerErrors() {
    Tenant tenant = Tenant.create();
    ScanningTestSupport.connect(tenant, REPO, "main");
    GitHubContract contract = GitHubContract.get();
    String longRef = "refs/heads/" + "b".repeat(300);
    String[][] queries = {
      {BASE + "/alerts", "ref", "\0"},
      {BASE + "/alerts", "tool_name", "x\0y"},
      {BASE + "/alerts", "tool_guid", "\0"},
      {BASE + "/alerts", "ref", longRef},
      {BASE + "/analyses", "ref", "\0"},
      {BASE + "/analyses", "tool_name", "t".repeat(1_000)},
      {BASE + "/alerts/1/instances", "ref", "\0"},
    };
    for (String[] q : queries) {
      Response r =
          given()
              .auth()
              .oauth2(tenant.token())
              .urlEncodingEnabled(true)
              .queryParam(q[1], q[2])
              .get(q[0], "acme", "lenient");
      assertThat(r.statusCode()).as(q[0] + "?" + q[1]).isEqualTo(422);
      assertThat(r.jsonPath().getString("message")).isEqualTo("Validation Failed");
      assertThat(r.jsonPath().getString("errors[0].field")).isEqualTo(q[1]);
    }

    Map<String, Object> upload =
        ScanningTestSupport.uploadBody(
            SHA, "refs/heads/main", encode("{\"version\":\"2.1.0\",\"runs\":[]}"));
    upload.put("tool_name", "n\0l");
    Response nulTool = ScanningTestSupport.upload(tenant, REPO, upload);
    // Refused while the body is read (service-kit's NUL rule, 400) or by the upload's own field
    // check (422): either way a client error in GitHub's shape, never PostgreSQL's 500.
    assertThat(nulTool.statusCode()).as(nulTool.asString()).isIn(400, 422);
    contract.check("post", BASE + "/sarifs", nulTool);
    upload.put("tool_name", "t".repeat(100_000));
    assertThat(ScanningTestSupport.upload(tenant, REPO, upload).statusCode()).isEqualTo(422);

    ScanningTestSupport.uploadAndAwait(
        tenant,
        REPO,
        SHA,
        "refs/heads/main",
        encode(sarif("Tool", null, rule("R1", "error", null), result("R1", "a.js", 1, "h:1"))));
    Response nulComment =
        given()
            .auth()
            .oauth2(tenant.token())
            .contentType("application/json")
            .body(
                "{\"state\":\"dismissed\",\"dismissed_reason\":\"won't fix\","
                    + "\"dismissed_comment\":\"a\\u0000b\"}")
            .patch(BASE + "/alerts/1", "acme", "lenient");
    assertThat(nulComment.statusCode()).as(nulComment.asString()).isIn(400, 422);
    assertThat(nulComment.jsonPath().getString("message")).isNotBlank();
    assertThat(nulComment.jsonPath().getString("documentation_url")).isNotBlank();
  }

  @Test
  void overlongSarifIdentifiersFailTheAnalysisAndNulInTextIsKept() {
    Tenant tenant = Tenant.create();
    ScanningTestSupport.connect(tenant, REPO, "main");
    String hugeRule = "r".repeat(3_000);
    JsonNode failed =
        ScanningTestSupport.uploadAndAwait(
            tenant,
            REPO,
            SHA,
            "refs/heads/main",
            encode(
                sarif(
                    "Tool",
                    null,
                    rule(hugeRule, "error", null),
                    result(hugeRule, "a.js", 1, "h"))));
    assertThat(failed.path("processing_status").asText()).isEqualTo("failed");
    assertThat(failed.path("errors").toString()).contains("longer than 255 characters");

    String nulMessage =
        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"Nul\"}},"
            + "\"automationDetails\":{\"id\":\"frontend/run1\"},"
            + "\"results\":[{\"ruleId\":\"R\\u0000\",\"message\":{\"text\":\"bad\\u0000x\"},"
            + "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"a.js\"},"
            + "\"region\":{\"startLine\":1}}}],\"partialFingerprints\":{\"primaryLocationLineHash\":\"z:1\"}}]}]}";
    JsonNode done =
        ScanningTestSupport.uploadAndAwait(
            tenant, REPO, SHA, "refs/heads/main", encode(nulMessage));
    assertThat(done.path("processing_status").asText()).as(done.toString()).isEqualTo("complete");
    Response alerts =
        given()
            .auth()
            .oauth2(tenant.token())
            .queryParam("tool_name", "Nul")
            .get(BASE + "/alerts", "acme", "lenient");
    assertThat(alerts.statusCode()).isEqualTo(200);
    assertThat(alerts.jsonPath().getString("[0].most_recent_instance.message.text"))
        .startsWith("bad")
        .endsWith("x"); // stored without a 500 (the alert listing drops the NUL itself)

    // 19.8: automationDetails.id frontend/run1 → category frontend/, in JSON and SARIF alike.
    Response analyses =
        given()
            .auth()
            .oauth2(tenant.token())
            .queryParam("tool_name", "Nul")
            .get(BASE + "/analyses", "acme", "lenient");
    assertThat(analyses.jsonPath().getString("[0].category")).isEqualTo("frontend/");
    long id = analyses.jsonPath().getLong("[0].id");
    Response view =
        given()
            .auth()
            .oauth2(tenant.token())
            .accept("application/sarif+json")
            .get(BASE + "/analyses/{id}", "acme", "lenient", id);
    assertThat(view.statusCode()).isEqualTo(200);
    assertThat(
            ScanningTestSupport.json(view)
                .path("runs")
                .get(0)
                .path("automationDetails")
                .path("id")
                .asText())
        .isEqualTo("frontend/");
  }
}
