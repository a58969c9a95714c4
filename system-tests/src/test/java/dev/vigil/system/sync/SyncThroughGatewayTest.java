package dev.vigil.system.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.system.VigilSystem;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scanner's detection-rules-as-code endpoints as scanner-cli calls them, through the gateway:
 * validate, run_tests, a zipball upload that reconciles, upsert by push key, the GitHub-sync
 * trigger and the listings; a bad token is 401, a missing scope 403, another tenant's source 404,
 * all in Scanner's {@code {"error"}} shape.
 */
class SyncThroughGatewayTest {

  private static final Path RULES =
      Path.of(System.getProperty("vigil.conformance.scanner", "/work/shared/conformance/scanner"))
          .resolve("rules");
  private static final String CONFIG =
      "event_sink_keys:\n"
          + "  low_severity_alerts: [{sink_id: 22222222-2222-2222-2222-222222222222}]\n"
          + "  medium_severity_alerts: [{sink_id: 33333333-3333-3333-3333-333333333333}]\n"
          + "  high_severity_alerts: [{sink_id: 44444444-4444-4444-4444-444444444444}]\n";

  private static String gateway;
  private static String token;
  private static String tenantId;

  @BeforeAll
  static void start() {
    VigilSystem system = VigilSystem.get();
    gateway = system.gatewayUrl();
    token = system.devToken();
  }

  private static String rule(String file) throws Exception {
    Path path = RULES.resolve(file);
    assumeTrue(Files.isRegularFile(path), "Scanner conformance rules not found at " + RULES);
    return Files.readString(path, StandardCharsets.UTF_8);
  }

  private static RequestSpecification as(String bearer) {
    return given().header("Authorization", "Bearer " + bearer);
  }

  private static byte[] zipball(Map<String, String> files) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      String top = "acme-detections-abcdef0/";
      zip.putNextEntry(new ZipEntry(top));
      for (var file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(top + file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  private static Response upload(String bearer, String pushKey, byte[] zip) {
    return as(bearer)
        .multiPart("push_key", pushKey)
        .multiPart("branch", "main")
        .multiPart("commit_sha", "0123456789abcdef0123456789abcdef01234567")
        .multiPart("commit_message", "Add rules")
        .multiPart("zip", "repo.zip", zip, "application/zip")
        .post(gateway + "/v1/upload_git_repo_zipball");
  }

  private static String createSource(String bearer, String pushKey) {
    return as(bearer)
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "push", "push_key", pushKey, "branch", "main"))
        .post(gateway + "/v1/sync_sources")
        .then()
        .statusCode(201)
        .extract()
        .path("sync_source.id");
  }

  @Test
  void scannerCliFlowThroughTheGateway() throws Exception {
    as(token)
        .contentType("application/x-yaml")
        .body(rule("01_1password_unusual_client.yml").getBytes(StandardCharsets.UTF_8))
        .post(gateway + "/v1/detection_rule_yaml/validate")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("is_valid", equalTo(true));
    as(token)
        .contentType("application/x-yaml")
        .body(rule("01_1password_unusual_client.yml").getBytes(StandardCharsets.UTF_8))
        .post(gateway + "/v1/detection_rule_yaml/run_tests")
        .then()
        .statusCode(200)
        .body("results.'Unknown client app_name fires'", equalTo("Passed"));

    String pushKey = "system-" + UUID.randomUUID();
    String source = createSource(token, pushKey);
    Map<String, String> files = new LinkedHashMap<>();
    files.put("sync-config.yaml", CONFIG);
    files.put("rules/a.yml", rule("01_1password_unusual_client.yml"));
    files.put("rules/b.yml", rule("10_github_no_enabled_key.yml"));
    Response first = upload(token, pushKey, zipball(files));
    first.then().statusCode(200).body("detection_rules_synced", equalTo(2));
    assertThat(first.jsonPath().getString("commit_message")).isEqualTo("Add rules");
    files.remove("rules/b.yml");
    upload(token, pushKey, zipball(files))
        .then()
        .statusCode(200)
        .body("detection_rules_synced", equalTo(0))
        .body("detection_rules_deleted", equalTo(1));
    List<String> paths =
        as(token)
            .get(gateway + "/v1/sync_sources/" + source + "/detection_rules")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("data.detection_rules.file_path", String.class);
    assertThat(paths).containsExactly("rules/a.yml");
    as(token)
        .get(gateway + "/v1/sync_sources/" + source + "/attempts")
        .then()
        .statusCode(200)
        .body("data.sync_attempts.size()", equalTo(2));

    as(token)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "rule_yaml",
                rule("08_cloudflare_bot_requests_numeric_filter.yml") + "push_key: bots\n",
                "sync_config_yaml",
                CONFIG))
        .post(gateway + "/v1/detection_rule_yaml/upsert_by_push_key")
        .then()
        .statusCode(200)
        .body("created", equalTo(true))
        .body("detection_rule.sync_key", equalTo("bots"));
    // The listings: sources, every rule, and the upserted ones (they have no source).
    assertThat(
            as(token)
                .get(gateway + "/v1/sync_sources")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data.sync_sources.id", String.class))
        .contains(source);
    assertThat(
            as(token)
                .get(gateway + "/v1/detection_rules")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data.detection_rules.file_path", String.class))
        .contains("rules/a.yml");
    assertThat(
            as(token)
                .queryParam("sync_source_id", "none")
                .get(gateway + "/v1/detection_rules")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data.detection_rules.sync_key", String.class))
        .contains("bots");

    tenantId =
        as(token)
            .get(gateway + "/v1/sync_sources/" + source)
            .then()
            .extract()
            .path("sync_source.tenant_id");
    as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("tenant_id", tenantId))
        .post(gateway + "/v1/sync_github_repositories")
        .then()
        .statusCode(200)
        .body("tenant_id", equalTo(tenantId));
  }

  @Test
  void badTokensMissingScopesAndOtherTenantsAreRefusedInScannersShape() throws Exception {
    String source = createSource(token, "private-" + UUID.randomUUID());
    given()
        .header("Authorization", "Bearer vgl_notarealtoken")
        .get(gateway + "/v1/sync_sources")
        .then()
        .statusCode(401)
        .body("error", equalTo("Missing or invalid API key"));
    given()
        .contentType("application/x-yaml")
        .body("name: x\n".getBytes(StandardCharsets.UTF_8))
        .post(gateway + "/v1/detection_rule_yaml/validate")
        .then()
        .statusCode(401)
        .contentType("application/json")
        .body("error", equalTo("Missing or invalid API key"));

    String other = newTenantToken();
    as(other)
        .get(gateway + "/v1/sync_sources/" + source)
        .then()
        .statusCode(404)
        .body("error", equalTo("Sync source not found"));
    upload(other, "private-unknown", zipball(Map.of("a.yml", rule("10_github_no_enabled_key.yml"))))
        .then()
        .statusCode(404);

    String readOnly = tokenWithScopes(other, "detection_rules:read");
    as(readOnly)
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "push", "push_key", "x", "branch", "main"))
        .post(gateway + "/v1/sync_sources")
        .then()
        .statusCode(403)
        .body("error", equalTo("API key lacks the detection_rules:sync scope"));
    String unrelated = tokenWithScopes(other, "incidents:read");
    as(unrelated)
        .get(gateway + "/v1/sync_sources")
        .then()
        .statusCode(403)
        .body("error", equalTo("API key lacks the detection_rules:read scope"));
  }

  private static String newTenantToken() {
    String slug = "sync-" + UUID.randomUUID().toString().substring(0, 8);
    Response created =
        given()
            .auth()
            .oauth2(VigilSystem.get().operatorToken())
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "slug", slug, "plan", "enterprise", "owner_email", "owner@" + slug + ".test"))
            .post(gateway + "/vigil/v1/tenants");
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    return created.jsonPath().getString("token.token");
  }

  private static String tokenWithScopes(String owner, String... scopes) {
    Response created =
        given()
            .header("Authorization", "Token " + owner)
            .contentType(ContentType.JSON)
            .body(Map.of("name", "limited " + String.join(" ", scopes), "scopes", List.of(scopes)))
            .post(gateway + "/v1/api_tokens");
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    return created.jsonPath().getString("token");
  }
}
