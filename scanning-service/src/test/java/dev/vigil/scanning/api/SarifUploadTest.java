package dev.vigil.scanning.api;

import static dev.vigil.scanning.api.ScanningTestSupport.BASE;
import static dev.vigil.scanning.api.ScanningTestSupport.SHA;
import static dev.vigil.scanning.api.ScanningTestSupport.encode;
import static dev.vigil.scanning.api.ScanningTestSupport.result;
import static dev.vigil.scanning.api.ScanningTestSupport.rule;
import static dev.vigil.scanning.api.ScanningTestSupport.sarif;
import static dev.vigil.scanning.api.ScanningTestSupport.upload;
import static dev.vigil.scanning.api.ScanningTestSupport.uploadBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.scanning.api.ScanningTestSupport.Tenant;
import dev.vigil.testkit.VigilTestResource;
import dev.vigil.testkit.contract.GitHubContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST .../sarifs} and {@code GET .../sarifs/{id}}: GitHub's validation and statuses, the
 * immediate 202, and the processing status (pending → complete or failed with errors).
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class SarifUploadTest {

  private static final String UPLOAD = BASE + "/sarifs";
  private static final String STATUS = BASE + "/sarifs/{sarif_id}";

  private Tenant tenant;
  private GitHubContract contract;

  @BeforeEach
  void repository() {
    tenant = Tenant.create();
    ScanningTestSupport.connect(tenant, "acme/uploads", "main");
    contract = GitHubContract.get();
  }

  @Test
  void acceptsAtOnceThenCompletes() {
    String sarif =
        encode(
            sarif(
                "Semgrep",
                "semgrep/python",
                rule("py/eval", "error", "7.5"),
                result("py/eval", "app/main.py", 3, "h:1")));
    Response accepted = upload(tenant, "acme/uploads", uploadBody(SHA, "refs/heads/main", sarif));
    assertThat(accepted.statusCode()).isEqualTo(202);
    contract.check("post", UPLOAD, accepted);
    String id = accepted.jsonPath().getString("id");
    assertThat(UUID.fromString(id)).isNotNull();
    assertThat(accepted.jsonPath().getString("url"))
        .endsWith("/repos/acme/uploads/code-scanning/sarifs/" + id);

    JsonNode status = ScanningTestSupport.awaitProcessed(tenant, "acme/uploads", id);
    assertThat(status.path("processing_status").asText()).isEqualTo("complete");
    assertThat(status.path("analyses_url").asText())
        .endsWith("/repos/acme/uploads/code-scanning/analyses?sarif_id=" + id);
    Response get = given().auth().oauth2(tenant.readToken()).get(STATUS, "acme", "uploads", id);
    contract.check("get", STATUS, get);
    Response analyses =
        given()
            .auth()
            .oauth2(tenant.readToken())
            .queryParam("sarif_id", id)
            .get(BASE + "/analyses", "acme", "uploads");
    assertThat(analyses.jsonPath().getList("category", String.class))
        .containsExactly("semgrep/python/");
  }

  @Test
  void requestFieldsAreValidatedAsGitHubDoes() {
    String sarif = encode(sarif("T", null, ""));
    Map<String, Map<String, Object>> invalid = new HashMap<>();
    invalid.put("commit_sha", uploadBody("abc", "refs/heads/main", sarif));
    invalid.put("ref", uploadBody(SHA, "main", sarif));
    Map<String, Object> missingSha = uploadBody(SHA, "refs/heads/main", sarif);
    missingSha.remove("commit_sha");
    invalid.put("commit_sha ", missingSha);
    Map<String, Object> missingSarif = uploadBody(SHA, "refs/heads/main", sarif);
    missingSarif.remove("sarif");
    invalid.put("sarif", missingSarif);
    Map<String, Object> badStart = uploadBody(SHA, "refs/heads/main", sarif);
    badStart.put("started_at", "yesterday");
    invalid.put("started_at", badStart);
    Map<String, Object> badCheckout = uploadBody(SHA, "refs/heads/main", sarif);
    badCheckout.put("checkout_uri", "relative/path");
    invalid.put("checkout_uri", badCheckout);
    Map<String, Object> badValidate = uploadBody(SHA, "refs/heads/main", sarif);
    badValidate.put("validate", "yes");
    invalid.put("validate", badValidate);
    for (Map.Entry<String, Map<String, Object>> c : invalid.entrySet()) {
      Response r = upload(tenant, "acme/uploads", c.getValue());
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(422);
      contract.check("post", UPLOAD, r);
      assertThat(r.jsonPath().getString("message")).isEqualTo("Validation Failed");
      assertThat(r.jsonPath().getString("errors[0].field")).isEqualTo(c.getKey().trim());
    }
    assertThat(upload(tenant, "acme/uploads", missingSha).jsonPath().getString("errors[0].code"))
        .isEqualTo("missing_field");
  }

  @Test
  void payloadProblemsAre400And413() {
    Response notBase64 =
        upload(tenant, "acme/uploads", uploadBody(SHA, "refs/heads/main", "%%%not base64%%%"));
    assertThat(notBase64.statusCode()).isEqualTo(400);
    contract.check("post", UPLOAD, notBase64);
    String plain =
        Base64.getEncoder()
            .encodeToString("{\"version\":\"2.1.0\",\"runs\":[]}".getBytes(StandardCharsets.UTF_8));
    Response notGzip = upload(tenant, "acme/uploads", uploadBody(SHA, "refs/heads/main", plain));
    assertThat(notGzip.statusCode()).isEqualTo(400);
    assertThat(notGzip.jsonPath().getString("message")).contains("gzip");
    contract.check("post", UPLOAD, notGzip);
    // Just above GitHub's 10 MB of gzip.
    String huge = "A".repeat((int) ((10L * 1024 * 1024 + 3) * 4 / 3) + 8);
    Response tooLarge = upload(tenant, "acme/uploads", uploadBody(SHA, "refs/heads/main", huge));
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    contract.check("post", UPLOAD, tooLarge);
    Response notJson =
        given()
            .auth()
            .oauth2(tenant.token())
            .contentType("application/json")
            .body("{\"commit_sha\":")
            .post(UPLOAD, "acme", "uploads");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.jsonPath().getString("message")).isEqualTo("Problems parsing JSON");
    contract.check("post", UPLOAD, notJson);
  }

  @Test
  void unacceptableSarifFailsWithErrors() {
    JsonNode notJson =
        ScanningTestSupport.uploadAndAwait(
            tenant,
            "acme/uploads",
            SHA,
            "refs/heads/main",
            encode("{\"version\": \"2.1.0\", runs"));
    assertThat(notJson.path("processing_status").asText()).isEqualTo("failed");
    assertThat(notJson.path("errors").get(0).asText()).contains("not valid JSON");
    assertThat(notJson.path("analyses_url").isNull()).isTrue();

    JsonNode oldVersion =
        ScanningTestSupport.uploadAndAwait(
            tenant,
            "acme/uploads",
            SHA,
            "refs/heads/main",
            encode("{\"version\":\"2.0.0\",\"runs\":[]}"));
    assertThat(oldVersion.path("processing_status").asText()).isEqualTo("failed");
    assertThat(oldVersion.path("errors").get(0).asText()).contains("2.1.0");

    StringBuilder runs = new StringBuilder();
    for (int i = 0; i < 21; i++) {
      runs.append(i == 0 ? "" : ",")
          .append("{\"tool\":{\"driver\":{\"name\":\"T\"}},\"results\":[]}");
    }
    JsonNode tooManyRuns =
        ScanningTestSupport.uploadAndAwait(
            tenant,
            "acme/uploads",
            SHA,
            "refs/heads/main",
            encode("{\"version\":\"2.1.0\",\"runs\":[" + runs + "]}"));
    assertThat(tooManyRuns.path("processing_status").asText()).isEqualTo("failed");
    assertThat(tooManyRuns.path("errors").get(0).asText()).contains("20 runs");
  }

  @Test
  void validateOnlyChecksWithoutStoringAnalyses() {
    Map<String, Object> body =
        uploadBody(
            SHA,
            "refs/heads/main",
            encode(sarif("T", null, rule("r", "note", null), result("r", "a.c", 1, "x:1"))));
    body.put("validate", true);
    Response accepted = upload(tenant, "acme/uploads", body);
    assertThat(accepted.statusCode()).isEqualTo(202);
    JsonNode status =
        ScanningTestSupport.awaitProcessed(
            tenant, "acme/uploads", accepted.jsonPath().getString("id"));
    assertThat(status.path("processing_status").asText()).isEqualTo("complete");
    assertThat(status.path("analyses_url").isNull()).isTrue();
    assertThat(
            given()
                .auth()
                .oauth2(tenant.token())
                .get(BASE + "/alerts", "acme", "uploads")
                .jsonPath()
                .getList("$"))
        .isEmpty();
  }

  @Test
  void unknownOrForeignUploadIdIsNotFound() {
    Response unknown =
        given()
            .auth()
            .oauth2(tenant.token())
            .get(STATUS, "acme", "uploads", UUID.randomUUID().toString());
    assertThat(unknown.statusCode()).isEqualTo(404);
    contract.check("get", STATUS, unknown);
    assertThat(
            given()
                .auth()
                .oauth2(tenant.token())
                .get(STATUS, "acme", "uploads", "nope")
                .statusCode())
        .isEqualTo(404);

    // Another tenant's upload id, even with a repository of the same name, is not found.
    String id =
        upload(
                tenant,
                "acme/uploads",
                uploadBody(SHA, "refs/heads/main", encode(sarif("T", null, ""))))
            .jsonPath()
            .getString("id");
    Tenant other = Tenant.create();
    ScanningTestSupport.connect(other, "acme/uploads", "main");
    Response foreign = given().auth().oauth2(other.token()).get(STATUS, "acme", "uploads", id);
    assertThat(foreign.statusCode()).isEqualTo(404);
    contract.check("get", STATUS, foreign);
  }
}
