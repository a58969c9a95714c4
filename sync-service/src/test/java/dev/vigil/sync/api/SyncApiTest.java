package dev.vigil.sync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testkit.TestTokens;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The Scanner endpoints and Vigil's sync-source management over HTTP, on real PostgreSQL (and the
 * outbox): validate / run_tests, uploads that reconcile, all-or-nothing failures, hostile zips,
 * upsert by push key, tenancy and scopes.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class SyncApiTest {

  private static final Path RULES =
      Path.of(System.getProperty("vigil.conformance.scanner", "/work/shared/conformance/scanner"))
          .resolve("rules");
  static final String SYNC_CONFIG =
      """
      event_sink_keys:
        informational_severity_alerts: [{sink_id: 11111111-1111-1111-1111-111111111111}]
        low_severity_alerts: [{sink_id: 22222222-2222-2222-2222-222222222222}]
        medium_severity_alerts: [{sink_id: 33333333-3333-3333-3333-333333333333}]
        high_severity_alerts: [{sink_id: 44444444-4444-4444-4444-444444444444}]
        critical_severity_alerts: 55555555-5555-5555-5555-555555555555
        sink_key_1: [66666666-6666-6666-6666-666666666666]
      """;

  @Inject DataSource dataSource;

  private final UUID tenant = UUID.randomUUID();
  private final String token =
      TestTokens.forAudience("sync-service").tenant(tenant).scopes("detection_rules:sync").sign();

  private static String rule(String file) throws IOException {
    Path path = RULES.resolve(file);
    assumeTrue(Files.isRegularFile(path), "Scanner conformance rules not found at " + RULES);
    return Files.readString(path, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private RequestSpecification as(String bearer) {
    return given().header("Authorization", "Bearer " + bearer);
  }

  private String createPushSource(String pushKey) {
    return as(token)
        .contentType("application/json")
        .body(Map.of("kind", "push", "push_key", pushKey, "branch", "main"))
        .post("/v1/sync_sources")
        .then()
        .statusCode(201)
        .body("sync_source.push_key", equalTo(pushKey))
        .extract()
        .path("sync_source.id");
  }

  private JsonPath upload(String pushKey, byte[] zip, int status) {
    return as(token)
        .multiPart("push_key", pushKey)
        .multiPart("branch", "main")
        .multiPart("commit_sha", "abc123+dirty")
        .multiPart("zip", "repo.zip", zip, "application/zip")
        .post("/v1/upload_git_repo_zipball")
        .then()
        .statusCode(status)
        .contentType("application/json")
        .extract()
        .jsonPath();
  }

  private List<String> rulePaths(String sourceId) {
    List<String> paths =
        new ArrayList<>(
            as(token)
                .get("/v1/sync_sources/" + sourceId + "/detection_rules")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data.detection_rules.file_path", String.class));
    paths.sort(null);
    return paths;
  }

  @Test
  void validateAndRunTestsAnswerAsScannerCliExpects() throws Exception {
    as(token)
        .contentType("application/x-yaml")
        .body(bytes(rule("01_1password_unusual_client.yml")))
        .post("/v1/detection_rule_yaml/validate")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("is_valid", equalTo(true))
        .body("error", nullValue())
        .body("warning", nullValue());
    as(token)
        .contentType("text/yaml")
        .body(bytes(rule("02_aws_securityhub_finding_evasion.yml")))
        .post("/v1/detection_rule_yaml/validate")
        .then()
        .statusCode(200)
        .body("is_valid", equalTo(true))
        .body(
            "warning",
            equalTo(
                "enabled: true is a legacy boolean; use Active, Staging or Paused (line: 3, column: 10)"));
    as(token)
        .contentType("application/x-yaml")
        .body(
            bytes(
                rule("01_1password_unusual_client.yml")
                    .replace("severity: Medium", "severity: Severe")))
        .post("/v1/detection_rule_yaml/validate")
        .then()
        .statusCode(200)
        .body("is_valid", equalTo(false))
        .body(
            "error",
            equalTo(
                "severity: does not have a value in the enumeration [\"Informational\", \"Low\","
                    + " \"Medium\", \"High\", \"Critical\", \"Fatal\", \"Other\", \"Unknown\"]"
                    + " (line: 11, column: 11)"));
    as(token)
        .contentType("application/x-yaml")
        .body(bytes(rule("01_1password_unusual_client.yml")))
        .post("/v1/detection_rule_yaml/run_tests")
        .then()
        .statusCode(200)
        .body("results.size()", equalTo(3))
        .body("results.'Unknown client app_name fires'", equalTo("Passed"))
        .body("results.'Known 1Password client does not fire'", equalTo("Passed"));
    as(token)
        .contentType("application/x-yaml")
        .body(
            bytes(
                rule("01_1password_unusual_client.yml")
                    .replace(
                        "expected_detection_result: false", "expected_detection_result: true")))
        .post("/v1/detection_rule_yaml/run_tests")
        .then()
        .statusCode(200)
        .body("results.'Unknown client app_name fires'", equalTo("Passed"))
        .body("results.'Known 1Password client does not fire'", equalTo("Failed"));
  }

  @Test
  void uploadsReconcileTheSourceExactlyAndFailuresChangeNothing() throws Exception {
    String pushKey = "detections-" + UUID.randomUUID();
    String source = createPushSource(pushKey);
    Map<String, String> files = new LinkedHashMap<>();
    files.put("sync-config.yaml", SYNC_CONFIG);
    files.put(".github/workflows/validate-rules.yml", "on: push\njobs: {}\n");
    files.put("README.md", "# rules\n");
    files.put("rules/a.yml", rule("01_1password_unusual_client.yml"));
    files.put("rules/b.yml", rule("02_aws_securityhub_finding_evasion.yml"));
    files.put("rules/c.yaml", rule("04_aws_root_console_login_alert_template.yml"));
    files.put("rules/d.yml", rule("14_match_all_count_minimal_test.yml"));

    JsonPath first = upload(pushKey, RepoZips.zipball(files), 200);
    assertThat(first.getString("push_key")).isEqualTo(pushKey);
    assertThat(first.getString("branch")).isEqualTo("main");
    assertThat(first.getString("commit_sha")).isEqualTo("abc123+dirty");
    assertThat(first.getString("commit_message")).startsWith("pushed at ");
    assertThat(first.getInt("detection_rules_synced")).isEqualTo(4);
    assertThat(first.getInt("detection_rules_deleted")).isZero();
    assertThat(first.getList("failures")).isEmpty();
    // 02 and 14 say "enabled: true": one warning each, with the materialized rule's id.
    assertThat(first.getList("warnings.file_path")).containsExactly("rules/b.yml", "rules/d.yml");
    assertThat(rulePaths(source))
        .containsExactly("rules/a.yml", "rules/b.yml", "rules/c.yaml", "rules/d.yml");

    // Change a, rename b -> moved/b.yml, delete c, keep d: 2 written, 2 deleted.
    files.put(
        "rules/a.yml", files.get("rules/a.yml").replace("severity: Medium", "severity: High"));
    files.put("moved/b.yml", files.remove("rules/b.yml"));
    files.remove("rules/c.yaml");
    JsonPath second = upload(pushKey, RepoZips.zipball(files), 200);
    assertThat(second.getInt("detection_rules_synced")).isEqualTo(2);
    assertThat(second.getInt("detection_rules_deleted")).isEqualTo(2);
    assertThat(rulePaths(source)).containsExactly("moved/b.yml", "rules/a.yml", "rules/d.yml");

    // A broken rule and an unknown sink key: nothing changes, both reported.
    Map<String, String> broken = new LinkedHashMap<>(files);
    broken.put(
        "rules/new.yml",
        rule("08_cloudflare_bot_requests_numeric_filter.yml")
            .replace("time_range_s: 300", "time_range_s: 330"));
    broken.put(
        "rules/sink.yml",
        rule("11_gcp_critical.yml").replace("- critical_severity_alerts", "- nowhere"));
    broken.remove("rules/d.yml");
    JsonPath failed = upload(pushKey, RepoZips.zipball(broken), 200);
    assertThat(failed.getInt("detection_rules_synced")).isZero();
    assertThat(failed.getInt("detection_rules_deleted")).isZero();
    assertThat(failed.getList("failures.file_path"))
        .containsExactly("rules/new.yml", "rules/sink.yml");
    assertThat(failed.getList("failures.check_status")).containsOnly("ErrorInRule");
    assertThat(failed.getString("failures[1].reason"))
        .contains("'nowhere' is not defined")
        .contains("line: 23, column: 3");
    assertThat(rulePaths(source)).containsExactly("moved/b.yml", "rules/a.yml", "rules/d.yml");

    JsonPath attempts =
        as(token)
            .get("/v1/sync_sources/" + source + "/attempts")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(attempts.getList("data.sync_attempts.status"))
        .containsExactly("failed", "succeeded", "succeeded");
    assertThat(attempts.getList("data.sync_attempts.detection_rules_synced", Integer.class))
        .containsExactly(0, 2, 4);

    // The outbox holds the changes in order, each upsert with the rule's YAML.
    List<String> types = outboxTypes(source);
    assertThat(types)
        .containsExactly(
            "detection-rule.upserted",
            "detection-rule.upserted",
            "detection-rule.upserted",
            "detection-rule.upserted",
            "sync.attempt.succeeded",
            "detection-rule.upserted",
            "detection-rule.upserted",
            "detection-rule.deleted",
            "detection-rule.deleted",
            "sync.attempt.succeeded",
            "sync.attempt.failed");
  }

  @Test
  void twoUploadsToOneSourceAtOnceAreSerialised() throws Exception {
    String pushKey = "concurrent-" + UUID.randomUUID();
    String source = createPushSource(pushKey);
    byte[] one =
        RepoZips.zipball(
            Map.of(
                "sync-config.yaml", SYNC_CONFIG,
                "a.yml", rule("10_github_no_enabled_key.yml"),
                "b.yml", rule("11_gcp_critical.yml")));
    byte[] two =
        RepoZips.zipball(
            Map.of("sync-config.yaml", SYNC_CONFIG, "c.yml", rule("13_auth0_informational.yml")));
    var a = CompletableFuture.supplyAsync(() -> upload(pushKey, one, 200));
    var b = CompletableFuture.supplyAsync(() -> upload(pushKey, two, 200));
    int synced =
        a.join().getInt("detection_rules_synced") + b.join().getInt("detection_rules_synced");
    int deleted =
        a.join().getInt("detection_rules_deleted") + b.join().getInt("detection_rules_deleted");
    List<String> paths = rulePaths(source);
    // Whichever ran second reconciled against the first's result.
    assertThat(paths).isIn(List.of("a.yml", "b.yml"), List.of("c.yml"));
    assertThat(synced).isEqualTo(3);
    assertThat(deleted).isEqualTo(paths.size() == 1 ? 2 : 1);
  }

  static String aliasBomb() {
    StringBuilder yaml =
        new StringBuilder(RuleValidatorHeader.HEADER + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      yaml.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
    }
    return yaml.toString();
  }

  // Distinct terms, so the zip entry does not trip the compression-ratio check first.
  static String megabyteQuery(String rule) {
    StringBuilder query = new StringBuilder();
    for (int i = 0; query.length() < 1 << 20; i++) {
      query.append(" field_").append(Integer.toHexString(i * 7919)).append(":v").append(i);
    }
    return rule.replaceFirst("query_text: \\|-\\n", "query_text: |-\n  " + query + "\n");
  }

  @Test
  void hostileZipsAreRejectedWithNothingSynced() throws Exception {
    String pushKey = "hostile-" + UUID.randomUUID();
    String source = createPushSource(pushKey);
    String ruleText = rule("10_github_no_enabled_key.yml");
    byte[] rule = bytes(ruleText);
    // A good first sync: every refusal below must leave exactly this set and one attempt.
    assertThat(
            upload(
                    pushKey,
                    RepoZips.zipball(
                        Map.of("sync-config.yaml", SYNC_CONFIG, "rules/good.yml", ruleText)),
                    200)
                .getInt("detection_rules_synced"))
        .isEqualTo(1);

    Map<String, byte[]> slip = new LinkedHashMap<>();
    slip.put("ok.yml", rule);
    slip.put("../../etc/evil.yml", rule);
    assertThat(upload(pushKey, RepoZips.zip(slip), 400).getString("error"))
        .isEqualTo("zip entry has an unsafe path: ../../etc/evil.yml");
    assertThat(upload(pushKey, RepoZips.zip(Map.of("/abs/evil.yml", rule)), 400).getString("error"))
        .startsWith("zip entry has an unsafe path");

    Map<String, byte[]> many = new LinkedHashMap<>();
    for (int i = 0; i < 10_000; i++) {
      many.put("f" + i + ".txt", new byte[0]);
    }
    assertThat(upload(pushKey, RepoZips.zip(many), 400).getString("error"))
        .isEqualTo("zip has 10000 entries; at most 5000 are accepted");

    byte[] bomb = new byte[20 * 1024 * 1024];
    java.util.Arrays.fill(bomb, (byte) ' ');
    System.arraycopy(rule, 0, bomb, 0, rule.length);
    assertThat(upload(pushKey, RepoZips.zip(Map.of("bomb.yml", bomb)), 400).getString("error"))
        .contains("compression ratio above 200");

    assertThat(upload(pushKey, bytes("not a zip"), 400).getString("error"))
        .isEqualTo("not a readable zip archive");

    // Hostile YAML refuses the whole upload, naming the file, even beside valid rules.
    Map<String, String> withAliasBomb = new LinkedHashMap<>();
    withAliasBomb.put("sync-config.yaml", SYNC_CONFIG);
    withAliasBomb.put("rules/good.yml", ruleText);
    withAliasBomb.put("rules/bomb.yml", aliasBomb());
    assertThat(upload(pushKey, RepoZips.zipball(withAliasBomb), 400).getString("error"))
        .isEqualTo(
            "rules/bomb.yml: YAML document exceeds a limit: Number of aliases for non-scalar"
                + " nodes exceeds the specified max=50");
    assertThat(
            upload(
                    pushKey,
                    RepoZips.zipball(
                        Map.of(
                            "rules/good.yml", ruleText, "rules/huge.yml", megabyteQuery(ruleText))),
                    400)
                .getString("error"))
        .isEqualTo("rules/huge.yml: rule file is larger than 256 KiB");
    assertThat(
            upload(
                    pushKey,
                    RepoZips.zipball(
                        Map.of("rules/good.yml", ruleText, "sync-config.yaml", aliasBomb())),
                    400)
                .getString("error"))
        .startsWith("sync-config.yaml: YAML document exceeds a limit");

    assertThat(rulePaths(source)).containsExactly("rules/good.yml");
    as(token)
        .get("/v1/sync_sources/" + source + "/attempts")
        .then()
        .statusCode(200)
        .body("data.sync_attempts.status", equalTo(List.of("succeeded")));
    assertThat(outboxTypes(source))
        .containsExactly("detection-rule.upserted", "sync.attempt.succeeded");
  }

  @Test
  void hostileYamlToTheSingleFileEndpointsIsA400() throws Exception {
    String huge = megabyteQuery(rule("10_github_no_enabled_key.yml"));
    for (String endpoint : List.of("validate", "run_tests")) {
      as(token)
          .contentType("application/x-yaml")
          .body(bytes(aliasBomb()))
          .post("/v1/detection_rule_yaml/" + endpoint)
          .then()
          .statusCode(400)
          .contentType("application/json")
          .body("error", org.hamcrest.Matchers.startsWith("YAML document exceeds a limit"));
    }
    as(token)
        .contentType("application/x-yaml")
        .body(bytes(huge))
        .post("/v1/detection_rule_yaml/validate")
        .then()
        .statusCode(413)
        .body("error", equalTo("Rule YAML must be at most 1 MiB"));
    as(token)
        .contentType("application/json")
        .body(Map.of("rule_yaml", aliasBomb(), "sync_config_yaml", ""))
        .post("/v1/detection_rule_yaml/upsert_by_push_key")
        .then()
        .statusCode(400)
        .body(
            "error", org.hamcrest.Matchers.startsWith("rule_yaml: YAML document exceeds a limit"));
    as(token)
        .contentType("application/json")
        .body(
            Map.of(
                "rule_yaml", rule("13_auth0_informational.yml"), "sync_config_yaml", aliasBomb()))
        .post("/v1/detection_rule_yaml/upsert_by_push_key")
        .then()
        .statusCode(400)
        .body(
            "error",
            org.hamcrest.Matchers.startsWith("sync_config_yaml: YAML document exceeds a limit"));
  }

  @Test
  void upsertByPushKeyCreatesThenUpdates() throws Exception {
    String yaml = rule("13_auth0_informational.yml") + "push_key: auth0-integration\n";
    Map<String, String> body = Map.of("rule_yaml", yaml, "sync_config_yaml", SYNC_CONFIG);
    String id =
        as(token)
            .contentType("application/json")
            .body(body)
            .post("/v1/detection_rule_yaml/upsert_by_push_key")
            .then()
            .statusCode(200)
            .body("created", equalTo(true))
            .body("detection_rule.sync_key", equalTo("auth0-integration"))
            .body(
                "detection_rule.event_sink_ids[0]", equalTo("11111111-1111-1111-1111-111111111111"))
            .extract()
            .path("detection_rule.id");
    as(token)
        .contentType("application/json")
        .body(
            Map.of(
                "rule_yaml",
                yaml.replace("severity: Informational", "severity: Low"),
                "sync_config_yaml",
                SYNC_CONFIG))
        .post("/v1/detection_rule_yaml/upsert_by_push_key")
        .then()
        .statusCode(200)
        .body("created", equalTo(false))
        .body("detection_rule.id", equalTo(id))
        .body("detection_rule.severity", equalTo("Low"));
    as(token)
        .get("/v1/detection_rules/" + id)
        .then()
        .statusCode(200)
        .body("detection_rule.severity", equalTo("Low"))
        .body("detection_rule.sync_source_id", nullValue())
        .body("detection_rule.file_path", nullValue());
    // Upserted rules belong to no source: listed under sync_source_id=none, and in the full list.
    as(token)
        .queryParam("sync_source_id", "none")
        .get("/v1/detection_rules")
        .then()
        .statusCode(200)
        .body("data.detection_rules.id", equalTo(List.of(id)));
    as(token)
        .get("/v1/detection_rules")
        .then()
        .statusCode(200)
        .body("data.detection_rules.id", org.hamcrest.Matchers.hasItem(id));

    // A key that a synced rule declares stays that repository's: the upsert is refused.
    String pushKey = "owner-" + UUID.randomUUID();
    String source = createPushSource(pushKey);
    String owned = rule("13_auth0_informational.yml") + "push_key: owned-by-repo\n";
    upload(
        pushKey,
        RepoZips.zipball(Map.of("sync-config.yaml", SYNC_CONFIG, "rules/owned.yml", owned)),
        200);
    as(token)
        .contentType("application/json")
        .body(Map.of("rule_yaml", owned, "sync_config_yaml", SYNC_CONFIG))
        .post("/v1/detection_rule_yaml/upsert_by_push_key")
        .then()
        .statusCode(409)
        .body(
            "error",
            equalTo(
                "push_key 'owned-by-repo' belongs to the rule in rules/owned.yml of sync source "
                    + source
                    + "; change it in that repository"));
    assertThat(rulePaths(source)).containsExactly("rules/owned.yml");
    as(token)
        .contentType("application/json")
        .body(Map.of("rule_yaml", rule("13_auth0_informational.yml"), "sync_config_yaml", ""))
        .post("/v1/detection_rule_yaml/upsert_by_push_key")
        .then()
        .statusCode(400)
        .body(
            "error",
            equalTo(
                "ErrorInRule: event_sink_keys: 'informational_severity_alerts' is not defined in the sync config's event_sink_keys (line: 18, column: 3)"));
  }

  @Test
  void tenancyAndScopes() throws Exception {
    String source = createPushSource("mine-" + UUID.randomUUID());
    String stranger =
        TestTokens.forAudience("sync-service")
            .tenant(UUID.randomUUID())
            .scopes("detection_rules:sync", "detection_rules:read")
            .sign();
    as(stranger)
        .get("/v1/sync_sources/" + source)
        .then()
        .statusCode(404)
        .body("error", equalTo("Sync source not found"));
    as(stranger).delete("/v1/sync_sources/" + source).then().statusCode(404);
    as(stranger).get("/v1/sync_sources/" + source + "/attempts").then().statusCode(404);
    String reader =
        TestTokens.forAudience("sync-service").tenant(tenant).scopes("detection_rules:read").sign();
    as(reader).get("/v1/sync_sources/" + source).then().statusCode(200);
    as(reader)
        .delete("/v1/sync_sources/" + source)
        .then()
        .statusCode(403)
        .body("error", equalTo("Missing scope: detection_rules:sync"));
    given()
        .get("/v1/sync_sources")
        .then()
        .statusCode(401)
        .body("error", equalTo("Missing or invalid API key"));
    as(token)
        .contentType("application/json")
        .body(Map.of("kind", "push", "branch", "main"))
        .post("/v1/sync_sources")
        .then()
        .statusCode(400)
        .body("error", equalTo("push_key is required"));
    as(token).delete("/v1/sync_sources/" + source).then().statusCode(204);
    as(token).get("/v1/sync_sources/" + source).then().statusCode(404);
  }

  private List<String> outboxTypes(String key) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT event_type FROM outbox_event WHERE message_key = ? ORDER BY created_at, id")) {
      ps.setString(1, key);
      List<String> types = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          types.add(rs.getString(1));
        }
      }
      return types;
    }
  }

  /** The rule-file header, spelled once. */
  static final class RuleValidatorHeader {
    static final String HEADER = dev.vigil.sync.domain.rules.RuleValidator.SCHEMA_HEADER + "\n";
  }
}
