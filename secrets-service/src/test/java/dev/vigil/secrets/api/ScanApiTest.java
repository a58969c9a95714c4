package dev.vigil.secrets.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.testkit.TestTokens;
import dev.vigil.testkit.VigilTestResource;
import dev.vigil.testkit.contract.GitGuardianCassettes;
import dev.vigil.testkit.contract.GitGuardianCassettes.Interaction;
import dev.vigil.testkit.contract.GitGuardianContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The scan API through HTTP: GitGuardian's recorded exchanges replayed field for field, bodies
 * validated against GitGuardian's OpenAPI subset, and the limits with GitGuardian's 400 bodies.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class ScanApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUDIENCE = "secrets-service";
  private static final UUID TENANT = UUID.randomUUID();

  private static String token(String... scopes) {
    return TestTokens.forAudience(AUDIENCE).tenant(TENANT).scopes(scopes).sign();
  }

  private static Response post(String path, String body) {
    return given()
        .auth()
        .oauth2(token("scan"))
        .contentType("application/json")
        .body(body)
        .post(path);
  }

  private static JsonNode json(Response response) throws Exception {
    return JSON.readTree(response.asByteArray());
  }

  private static List<Interaction> cassettes() {
    assumeTrue(
        GitGuardianCassettes.present(),
        "skipped: GitGuardian cassettes not found under " + GitGuardianCassettes.DIR);
    return GitGuardianCassettes.all();
  }

  @Test
  void recordedScansReplayFieldForField() throws Exception {
    int replayed = 0;
    for (Interaction r : cassettes()) {
      boolean scan = r.path().startsWith("/v1/scan") || r.path().startsWith("/v1/multiscan");
      if (!scan || r.status() != 200) {
        continue;
      }
      Response response = post(r.path(), r.body().orElseThrow());
      String where = r.cassette() + " " + r.path();
      assertThat(response.statusCode()).as(where).isEqualTo(200);
      assertThat(response.header("Content-Type")).as(where).isEqualTo("application/json");
      JsonNode actual = json(response);
      GitGuardianCassettes.assertSameValues(where, r.answer(), actual);
      GitGuardianContract.get().check(r.path().replaceAll("\\?.*", ""), 200, actual);
      replayed++;
    }
    assertThat(replayed).isGreaterThanOrEqualTo(6);
  }

  @Test
  void metadataAndQuotasHaveTheRecordedShape() throws Exception {
    for (Interaction r : cassettes()) {
      if (!r.path().equals("/v1/metadata") && !r.path().equals("/v1/quotas")) {
        continue;
      }
      Response response = given().auth().oauth2(token("scan")).get(r.path());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.header("Content-Type")).isEqualTo("application/json");
      JsonNode actual = json(response);
      assertThat(fieldNames(actual)).isEqualTo(fieldNames(r.answer()));
      if (r.path().equals("/v1/metadata")) {
        assertThat(actual.get("secret_scan_preferences"))
            .isEqualTo(r.answer().get("secret_scan_preferences"));
        assertThat(fieldNames(actual.get("remediation_messages")))
            .isEqualTo(fieldNames(r.answer().get("remediation_messages")));
        assertThat(actual.at("/preferences/general__maximum_payload_size").asInt())
            .isEqualTo(r.answer().at("/preferences/general__maximum_payload_size").asInt());
      } else {
        assertThat(fieldNames(actual.get("content")))
            .isEqualTo(fieldNames(r.answer().get("content")));
      }
    }
  }

  @Test
  void quotaCountsScanCalls() throws Exception {
    UUID tenant = UUID.randomUUID();
    String t = TestTokens.forAudience(AUDIENCE).tenant(tenant).scopes("scan").sign();
    for (int i = 0; i < 3; i++) {
      given()
          .auth()
          .oauth2(t)
          .contentType("application/json")
          .body("[{\"document\":\"a\"},{\"document\":\"b\"}]")
          .post("/v1/multiscan")
          .then()
          .statusCode(200);
    }
    JsonNode quota = json(given().auth().oauth2(t).get("/v1/quotas"));
    assertThat(quota.at("/content/count").asInt()).isEqualTo(3);
    assertThat(quota.at("/content/remaining").asInt())
        .isEqualTo(quota.at("/content/limit").asInt() - 3);
    assertThat(quota.at("/content/since").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
  }

  @Test
  void findsALeakedGithubTokenAndAwsKeysAtTheirPositions() throws Exception {
    String document =
        "# config\nGITHUB_TOKEN=ghp_aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW00ZYwkd\n"
            + "aws_access_key_id = AKIAZ3MHT2QLXWVB7K4N\naws_secret_access_key = 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\n";
    ObjectNode body =
        JsonNodeFactory.instance
            .objectNode()
            .put("filename", "config.env")
            .put("document", document);
    Response response = post("/v1/scan", body.toString());
    JsonNode result = json(response);
    GitGuardianContract.get().check("/v1/scan", 200, result);
    assertThat(result.get("policy_break_count").asInt()).isEqualTo(2);
    JsonNode github = result.at("/policy_breaks/0");
    assertThat(github.get("detector_group_name").asText()).isEqualTo("github_access_token");
    assertThat(github.at("/matches/0/index_start").asInt()).isEqualTo(22);
    assertThat(github.at("/matches/0/index_end").asInt()).isEqualTo(61);
    assertThat(github.at("/matches/0/line_start").asInt()).isEqualTo(2);
    JsonNode aws = result.at("/policy_breaks/1");
    assertThat(aws.get("type").asText()).isEqualTo("AWS Keys");
    assertThat(aws.at("/matches/0/type").asText()).isEqualTo("client_id");
    assertThat(aws.at("/matches/1/type").asText()).isEqualTo("client_secret");
    assertThat(aws.at("/matches/1/line_start").asInt()).isEqualTo(4);
  }

  @Test
  void limitsAnswerGitGuardiansErrors() throws Exception {
    int mb = 1 << 20;
    Map<String, String> cases =
        Map.of(
            "{\"document\":\"" + "a".repeat(mb + 1) + "\"}",
            "file exceeds the maximum allowed size of 1048576B",
            "{\"document\":\"" + "é".repeat(mb / 2 + 1) + "\"}",
            "file exceeds the maximum allowed size of 1048576B",
            "{\"filename\":\"" + "f".repeat(257) + "\",\"document\":\"x\"}",
            "filename: Longer than maximum length 256.",
            "{\"filename\":\"a.txt\"}",
            "document: Missing data for required field.",
            "{\"document\":42}",
            "document: Not a valid string.",
            "{\"document\":",
            "Invalid data.",
            "[]",
            "Invalid data.");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Response response = post("/v1/scan", c.getKey());
      assertThat(response.statusCode()).as(c.getValue()).isEqualTo(400);
      assertThat(response.header("Content-Type")).isEqualTo("application/json");
      JsonNode body = json(response);
      assertThat(body.toString())
          .isEqualTo(JSON.createObjectNode().put("detail", c.getValue()).toString());
      GitGuardianContract.get().check("/v1/scan", 400, body);
    }
    ArrayNode docs = JSON.createArrayNode();
    for (int i = 0; i < 21; i++) {
      docs.addObject().put("document", "valid");
    }
    Response tooMany = post("/v1/multiscan", docs.toString());
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(json(tooMany).get("detail").asText()).isEqualTo("Too many documents to scan");
    GitGuardianContract.get().check("/v1/multiscan", 400, json(tooMany));
    assertThat(post("/v1/multiscan", "[]").statusCode()).isEqualTo(400);
    // An empty document is a document: nothing found.
    assertThat(json(post("/v1/scan", "{\"document\":\"\"}")).get("policy_break_count").asInt())
        .isZero();
  }

  @Test
  void twentyDocumentsOfOneMegabyteAreScanned() throws Exception {
    ArrayNode docs = JSON.createArrayNode();
    String line = "export PATH=/usr/local/bin:$PATH # nothing secret in here at all\n";
    String document = line.repeat((1 << 20) / line.length());
    for (int i = 0; i < 20; i++) {
      docs.addObject().put("filename", "big-" + i + ".sh").put("document", document);
    }
    Response response = post("/v1/multiscan?all_secrets=True", docs.toString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode results = json(response);
    assertThat(results.size()).isEqualTo(20);
    assertThat(results.get(19).get("policy_break_count").asInt()).isZero();
  }

  @Test
  void scanNeedsAKeyWithTheScanScope() {
    given()
        .contentType("application/json")
        .body("{\"document\":\"x\"}")
        .post("/v1/scan")
        .then()
        .statusCode(401);
    Response forbidden =
        given()
            .auth()
            .oauth2(token("incidents:read"))
            .contentType("application/json")
            .body("{\"document\":\"x\"}")
            .post("/v1/scan");
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.jsonPath().getString("detail")).isNotBlank();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
