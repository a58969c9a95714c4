package dev.vigil.secrets.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventSources;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.Topics;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.testkit.TestTokens;
import dev.vigil.testkit.VigilTestResource;
import dev.vigil.testkit.contract.GitHubContract;
import dev.vigil.testkit.secrets.GitHubTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Pattern configurations, custom patterns and the push check over HTTP, on real PostgreSQL and
 * Kafka: GitHub's bodies validated against its OpenAPI subset, inheritance, optimistic concurrency,
 * tenancy.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class PushProtectionApiTest {

  @Inject DataSource dataSource;

  private static final String AUDIENCE = "secrets-service";
  private static final String ENTERPRISE_PATH =
      "/enterprises/{enterprise}/secret-scanning/pattern-configurations";
  private static final String ORG_PATH = "/orgs/{org}/secret-scanning/pattern-configurations";

  private record Tenant(UUID id, String slug) {
    String token(String... scopes) {
      return TestTokens.forAudience(AUDIENCE).tenant(id).tenantSlug(slug).scopes(scopes).sign();
    }

    String admin() {
      return token("admin:enterprise", "admin:org", "write:org", "scan", "scan:create-incidents");
    }
  }

  private static Tenant newTenant() {
    String slug = "ent-" + UUID.randomUUID().toString().substring(0, 8);
    return new Tenant(UUID.randomUUID(), slug);
  }

  /** A GitHub personal access token with a valid checksum, as the engine requires. */
  static String githubToken(String seed) {
    // Random-looking characters drawn from the seed: the engine ignores runs like "abcdefg".
    return GitHubTokens.personalAccessToken(new Random(seed.hashCode()));
  }

  private static void connect(Tenant tenant, String fullName) {
    RepoEvent data =
        new RepoEvent(
            "rc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20),
            UUID.randomUUID(),
            RepoEvent.Platform.GITHUB,
            fullName,
            null,
            "main",
            RepoEvent.Visibility.PRIVATE,
            30,
            List.of());
    CloudEvent<RepoEvent> event =
        CloudEvent.of(
            EventType.REPO_CONNECTED,
            EventSources.REPO_CONFIG,
            data.connectionId(),
            tenant.id(),
            data);
    Properties props = new Properties();
    props.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      producer
          .send(new ProducerRecord<>(Topics.REPOS, data.connectionId(), EventJson.write(event)))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    String org = fullName.substring(0, fullName.indexOf('/'));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (getOrg(tenant, org).statusCode() != 200) {
      assertThat(System.nanoTime()).as("org %s known", org).isLessThan(deadline);
      sleep(100);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Response getOrg(Tenant tenant, String org) {
    return given().auth().oauth2(tenant.admin()).get(ORG_PATH, org);
  }

  private static Response getEnterprise(Tenant tenant) {
    return given().auth().oauth2(tenant.admin()).get(ENTERPRISE_PATH, tenant.slug());
  }

  private static Response patch(Tenant tenant, String path, String level, Object body) {
    return given()
        .auth()
        .oauth2(tenant.admin())
        .contentType("application/json")
        .body(body)
        .patch(path, level);
  }

  private static Map<String, Object> providerSetting(String version, String tokenType, String s) {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("pattern_config_version", version);
    body.put(
        "provider_pattern_settings",
        List.of(Map.of("token_type", tokenType, "push_protection_setting", s)));
    return body;
  }

  private static Map<String, Object> override(JsonPath body, String list, String tokenType) {
    List<Map<String, Object>> all = body.getList(list);
    return all.stream()
        .filter(o -> tokenType.equals(o.get("token_type")))
        .findFirst()
        .orElseThrow();
  }

  private static Response check(Tenant tenant, String repository, String path, String content) {
    return given()
        .auth()
        .oauth2(tenant.admin())
        .contentType("application/json")
        .body(
            Map.of(
                "repository",
                repository,
                "ref",
                "refs/heads/main",
                "commits",
                List.of(
                    Map.of(
                        "sha",
                        "0123456789abcdef0123456789abcdef01234567",
                        "files",
                        List.of(
                            Map.of(
                                "path",
                                path,
                                "encoding",
                                "base64",
                                "content",
                                Base64.getEncoder()
                                    .encodeToString(content.getBytes(StandardCharsets.UTF_8))))))))
        .post("/v1/push-protection/check");
  }

  @Test
  void enterpriseAndOrgConfigurationsInheritAndValidateAgainstGitHub() {
    GitHubContract contract = GitHubContract.get();
    Tenant tenant = newTenant();
    connect(tenant, "acme-" + tenant.slug() + "/api");
    String org = "acme-" + tenant.slug();

    Response enterprise = getEnterprise(tenant);
    assertThat(enterprise.statusCode()).isEqualTo(200);
    contract.check("get", ENTERPRISE_PATH, enterprise);
    JsonPath e = enterprise.jsonPath();
    assertThat(e.getString("pattern_config_version")).isNull();
    Map<String, Object> gh = override(e, "provider_pattern_overrides", "GITHUB_ACCESS_TOKEN");
    assertThat(gh)
        .containsEntry("slug", "github_access_token")
        .containsEntry("display_name", "GitHub Personal Access Token")
        .containsEntry("default_setting", "enabled")
        .containsEntry("setting", "not-set")
        .doesNotContainKey("enterprise_setting");

    // The enterprise disables it; the org inherits (setting not-set, enterprise_setting disabled).
    Response updated =
        patch(
            tenant,
            ENTERPRISE_PATH,
            tenant.slug(),
            providerSetting(null, "GITHUB_ACCESS_TOKEN", "disabled"));
    assertThat(updated.statusCode()).isEqualTo(200);
    contract.check("patch", ENTERPRISE_PATH, updated);
    String v1 = updated.jsonPath().getString("pattern_config_version");
    assertThat(v1).hasSize(27);

    Response orgView = getOrg(tenant, org);
    contract.check("get", ORG_PATH, orgView);
    assertThat(override(orgView.jsonPath(), "provider_pattern_overrides", "GITHUB_ACCESS_TOKEN"))
        .containsEntry("setting", "not-set")
        .containsEntry("enterprise_setting", "disabled");
    assertThat(
            check(tenant, org + "/api", "app.env", "TOKEN=" + githubToken("inherit") + "\n")
                .jsonPath()
                .getBoolean("allowed"))
        .isTrue();

    // The org turns it back on: its own setting wins over the enterprise's.
    Response orgPatch =
        patch(tenant, ORG_PATH, org, providerSetting(null, "GITHUB_ACCESS_TOKEN", "enabled"));
    assertThat(orgPatch.statusCode()).isEqualTo(200);
    contract.check("patch", ORG_PATH, orgPatch);
    Response blocked =
        check(tenant, org + "/api", "app.env", "x\nTOKEN=" + githubToken("inherit") + "\n");
    assertThat(blocked.statusCode()).isEqualTo(200);
    assertThat(blocked.jsonPath().getBoolean("allowed")).isFalse();
    assertThat(blocked.jsonPath().getString("blocked[0].token_type"))
        .isEqualTo("GITHUB_ACCESS_TOKEN");
    assertThat(blocked.jsonPath().getString("blocked[0].locations[0].path")).isEqualTo("app.env");
    assertThat(blocked.jsonPath().getInt("blocked[0].locations[0].line")).isEqualTo(2);

    // A stale version: 409 in GitHub's shape, and nothing changed.
    Response stale =
        patch(
            tenant,
            ENTERPRISE_PATH,
            tenant.slug(),
            providerSetting(null, "GITHUB_ACCESS_TOKEN", "enabled"));
    assertThat(stale.statusCode()).isEqualTo(409);
    contract.check("patch", ENTERPRISE_PATH, stale);
    assertThat(getEnterprise(tenant).jsonPath().getString("pattern_config_version")).isEqualTo(v1);
    assertThat(
            override(
                getEnterprise(tenant).jsonPath(),
                "provider_pattern_overrides",
                "GITHUB_ACCESS_TOKEN"))
        .containsEntry("setting", "disabled");
  }

  @Test
  void invalidUpdatesAre422Or400AndChangeNothing() {
    GitHubContract contract = GitHubContract.get();
    Tenant tenant = newTenant();
    Response unknown =
        patch(
            tenant,
            ENTERPRISE_PATH,
            tenant.slug(),
            providerSetting(null, "NO_SUCH_PATTERN", "enabled"));
    assertThat(unknown.statusCode()).isEqualTo(422);
    contract.check("patch", ENTERPRISE_PATH, unknown);
    Response badSetting =
        patch(
            tenant,
            ENTERPRISE_PATH,
            tenant.slug(),
            providerSetting(null, "GITHUB_ACCESS_TOKEN", "on"));
    assertThat(badSetting.statusCode()).isEqualTo(422);
    contract.check("patch", ENTERPRISE_PATH, badSetting);
    Response notJson = patch(tenant, ENTERPRISE_PATH, tenant.slug(), "{nope");
    assertThat(notJson.statusCode()).isEqualTo(400);
    contract.check("patch", ENTERPRISE_PATH, notJson);
    assertThat(getEnterprise(tenant).jsonPath().getString("pattern_config_version")).isNull();
  }

  @Test
  void anotherTenantsEnterpriseOrOrgIs404() {
    GitHubContract contract = GitHubContract.get();
    Tenant owner = newTenant();
    Tenant stranger = newTenant();
    String org = "own-" + owner.slug();
    connect(owner, org + "/web");
    Response theirs = given().auth().oauth2(stranger.admin()).get(ENTERPRISE_PATH, owner.slug());
    assertThat(theirs.statusCode()).isEqualTo(404);
    contract.check("get", ENTERPRISE_PATH, theirs);
    Response theirOrg = getOrg(stranger, org);
    assertThat(theirOrg.statusCode()).isEqualTo(404);
    contract.check("get", ORG_PATH, theirOrg);
    assertThat(
            patch(stranger, ORG_PATH, org, providerSetting(null, "GITHUB_ACCESS_TOKEN", "disabled"))
                .statusCode())
        .isEqualTo(404);
    // By id as well as by slug, the own enterprise answers.
    assertThat(
            given()
                .auth()
                .oauth2(owner.admin())
                .get(ENTERPRISE_PATH, owner.id().toString())
                .statusCode())
        .isEqualTo(200);
    // Without admin:enterprise: 403.
    assertThat(
            given()
                .auth()
                .oauth2(owner.token("write:org"))
                .get(ENTERPRISE_PATH, owner.slug())
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void concurrentUpdatesWithOneVersionHaveExactlyOneWinner() throws Exception {
    Tenant tenant = newTenant();
    String v =
        patch(
                tenant,
                ENTERPRISE_PATH,
                tenant.slug(),
                providerSetting(null, "GITHUB_ACCESS_TOKEN", "enabled"))
            .jsonPath()
            .getString("pattern_config_version");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String setting = i % 2 == 0 ? "disabled" : "enabled";
        calls.add(
            () ->
                patch(
                        tenant,
                        ENTERPRISE_PATH,
                        tenant.slug(),
                        providerSetting(v, "GITHUB_ACCESS_TOKEN", setting))
                    .statusCode());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(calls)) {
        statuses.add(f.get());
      }
      assertThat(statuses).containsOnly(200, 409);
      assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void customPatternsAreValidatedVersionedAndJoinScansAndChecks() {
    GitHubContract contract = GitHubContract.get();
    Tenant tenant = newTenant();
    String org = "cp-" + tenant.slug();
    connect(tenant, org + "/svc");

    Response invalid =
        given()
            .auth()
            .oauth2(tenant.admin())
            .body(Map.of("name", "Broken", "secret_format", "acme_[a-z"))
            .post("/v1/secret-scanning/custom-patterns");
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.asString()).contains("secret_format is not a valid regular expression");

    Response forbidden =
        given()
            .auth()
            .oauth2(tenant.token("admin:org"))
            .body(Map.of("name", "Acme", "secret_format", "acme_[0-9]{8}"))
            .post("/v1/secret-scanning/custom-patterns");
    assertThat(forbidden.statusCode()).isEqualTo(403);

    Response created =
        given()
            .auth()
            .oauth2(tenant.token("admin:org"))
            .body(
                Map.of(
                    "name",
                    "Acme key",
                    "secret_format",
                    "acme_[0-9]{8}",
                    "org",
                    org,
                    "test_strings",
                    List.of("key: acme_12345678")))
            .post("/v1/secret-scanning/custom-patterns");
    assertThat(created.statusCode()).isEqualTo(201);
    String tokenType = created.jsonPath().getString("token_type");
    assertThat(tokenType).isEqualTo("cp_1");
    assertThat(created.jsonPath().getString("push_protection_setting")).isEqualTo("disabled");

    // It joins GitGuardian's /v1/scan of the tenant at once.
    Response scan =
        given()
            .auth()
            .oauth2(tenant.token("scan"))
            .body(Map.of("document", "config:\n  acme: acme_87654321\n"))
            .post("/v1/scan");
    assertThat(scan.jsonPath().getInt("policy_break_count")).isEqualTo(1);
    assertThat(scan.jsonPath().getString("policy_breaks[0].type")).isEqualTo("Acme key");
    assertThat(scan.jsonPath().getString("policy_breaks[0].matches[0].match"))
        .isEqualTo("acme_87654321");
    assertThat(scan.jsonPath().getInt("policy_breaks[0].matches[0].line_start")).isEqualTo(2);

    // Listed in its org's configuration with its version; disabled by default, so pushes pass.
    JsonPath view = getOrg(tenant, org).jsonPath();
    contract.check("get", ORG_PATH, getOrg(tenant, org));
    Map<String, Object> cp = override(view, "custom_pattern_overrides", tokenType);
    assertThat(cp)
        .containsEntry("default_setting", "disabled")
        .containsEntry("setting", "disabled");
    String cpVersion = (String) cp.get("custom_pattern_version");
    assertThat(
            check(tenant, org + "/svc", "a.yml", "k: acme_11112222\n")
                .jsonPath()
                .getBoolean("allowed"))
        .isTrue();

    // A stale custom_pattern_version is 409; the current one enables it, and pushes block.
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("pattern_config_version", view.getString("pattern_config_version"));
    body.put(
        "custom_pattern_settings",
        List.of(
            Map.of(
                "token_type",
                tokenType,
                "custom_pattern_version",
                "stale",
                "push_protection_setting",
                "enabled")));
    Response stale = patch(tenant, ORG_PATH, org, body);
    assertThat(stale.statusCode()).isEqualTo(409);
    contract.check("patch", ORG_PATH, stale);
    body.put(
        "custom_pattern_settings",
        List.of(
            Map.of(
                "token_type",
                tokenType,
                "custom_pattern_version",
                cpVersion,
                "push_protection_setting",
                "enabled")));
    assertThat(patch(tenant, ORG_PATH, org, body).statusCode()).isEqualTo(200);
    Response blocked = check(tenant, org + "/svc", "a.yml", "k: acme_11112222\n");
    assertThat(blocked.jsonPath().getBoolean("allowed")).isFalse();
    assertThat(blocked.jsonPath().getString("blocked[0].token_type")).isEqualTo(tokenType);
    // Other organizations of the tenant are not subject to an org-level pattern.
    assertThat(
            check(tenant, "elsewhere/svc", "a.yml", "k: acme_11112222\n")
                .jsonPath()
                .getBoolean("allowed"))
        .isTrue();
  }

  @Test
  void aBypassLetsTheSameSecretIntoThatRepositoryOnlyAndCountsInTheBypassRate() {
    Tenant tenant = newTenant();
    String org = "by-" + tenant.slug();
    connect(tenant, org + "/app");
    String secret = githubToken("bypass");
    Response first = check(tenant, org + "/app", "src/config.py", "TOKEN = '" + secret + "'\n");
    assertThat(first.jsonPath().getBoolean("allowed")).isFalse();
    String placeholder = first.jsonPath().getString("blocked[0].placeholder_id");

    Response text =
        given()
            .auth()
            .oauth2(tenant.admin())
            .accept("text/plain")
            .contentType("application/json")
            .body(
                Map.of(
                    "repository",
                    org + "/app",
                    "ref",
                    "refs/heads/main",
                    "commits",
                    List.of(
                        Map.of(
                            "sha",
                            "abc",
                            "files",
                            List.of(
                                Map.of(
                                    "path", "src/config.py", "content", "T='" + secret + "'"))))))
            .post("/v1/push-protection/check");
    assertThat(text.contentType()).startsWith("text/plain");
    assertThat(text.asString())
        .startsWith("blocked\n")
        .contains("path: src/config.py:1")
        .contains("GitHub Personal Access Token")
        .contains(placeholder)
        .doesNotContain(secret);

    Response badReason = bypass(tenant, org + "/app", placeholder, "because");
    assertThat(badReason.statusCode()).isEqualTo(422);
    Response wrongRepo = bypass(tenant, org + "/other", placeholder, "used_in_tests");
    assertThat(wrongRepo.statusCode()).isEqualTo(404);
    Response bypass = bypass(tenant, org + "/app", placeholder, "used_in_tests");
    assertThat(bypass.statusCode()).isEqualTo(201);
    assertThat(bypass.jsonPath().getString("token_type")).isEqualTo("GITHUB_ACCESS_TOKEN");
    assertThat(storedPlaceholder(tenant, placeholder))
        .as("the placeholder is kept in PostgreSQL (any replica takes the bypass), secret-free")
        .contains("src/config.py")
        .doesNotContain(secret);

    assertThat(
            check(tenant, org + "/app", "src/config.py", "TOKEN = '" + secret + "'\n")
                .jsonPath()
                .getBoolean("allowed"))
        .isTrue();
    assertThat(
            check(tenant, org + "/other", "x.py", secret + "\n").jsonPath().getBoolean("allowed"))
        .isFalse();

    // Three blocks (two above, one in the other repository), one bypass: 33 %. The bypass
    // opened the secret's incident: one alert, the tenant's only one.
    Map<String, Object> gh =
        override(
            getEnterprise(tenant).jsonPath(), "provider_pattern_overrides", "GITHUB_ACCESS_TOKEN");
    assertThat(gh)
        .containsEntry("bypass_rate", 33)
        .containsEntry("alert_total", 1)
        .containsEntry("alert_total_percentage", 100)
        .containsEntry("false_positives", 0)
        .containsEntry("false_positive_rate", 0);

    // Someone ignores the incident as a false positive (as the incidents API does).
    markFalsePositive(tenant, bypass.jsonPath().getLong("incident_id"));
    assertThat(
            override(
                getEnterprise(tenant).jsonPath(),
                "provider_pattern_overrides",
                "GITHUB_ACCESS_TOKEN"))
        .containsEntry("alert_total", 1)
        .containsEntry("false_positives", 1)
        .containsEntry("false_positive_rate", 100);
  }

  private static Response bypass(
      Tenant tenant, String repository, String placeholder, String reason) {
    return given()
        .auth()
        .oauth2(tenant.admin())
        .body(Map.of("repository", repository, "placeholder_id", placeholder, "reason", reason))
        .post("/v1/push-protection/bypasses");
  }

  /** The placeholder's stored row as JSON text, or an empty string. */
  private String storedPlaceholder(Tenant tenant, String placeholder) {
    try (Connection c = dataSource.getConnection();
        var s =
            c.prepareStatement(
                "SELECT row_to_json(p)::text FROM push_placeholders p"
                    + " WHERE tenant_id = ? AND placeholder_id = ?")) {
      s.setObject(1, tenant.id());
      s.setString(2, placeholder);
      try (var r = s.executeQuery()) {
        return r.next() ? r.getString(1) : "";
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void markFalsePositive(Tenant tenant, long incidentId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE secret_incident SET status = 'IGNORED', ignore_reason = 'false_positive',"
                    + " ignored_at = now() WHERE tenant_id = ? AND id = ?")) {
      s.setObject(1, tenant.id());
      s.setLong(2, incidentId);
      assertThat(s.executeUpdate()).isEqualTo(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void checkInputIsBoundedAndRefusedClearly() {
    Tenant tenant = newTenant();
    assertThat(
            given()
                .auth()
                .oauth2(tenant.admin())
                .body(Map.of("repository", "not a repo", "commits", List.of()))
                .post("/v1/push-protection/check")
                .statusCode())
        .isEqualTo(422);
    Response tooLarge =
        given()
            .auth()
            .oauth2(tenant.admin())
            .body(
                Map.of(
                    "repository",
                    "a/b",
                    "commits",
                    List.of(
                        Map.of(
                            "files",
                            List.of(Map.of("path", "big", "content", "x".repeat(1_048_577)))))))
            .post("/v1/push-protection/check");
    assertThat(tooLarge.statusCode()).isEqualTo(400);
    assertThat(tooLarge.asString()).contains("larger than 1048576 bytes");
    assertThat(
            given()
                .auth()
                .oauth2(tenant.token("incidents:read"))
                .body(Map.of("repository", "a/b", "commits", List.of()))
                .post("/v1/push-protection/check")
                .statusCode())
        .isEqualTo(403);
  }
}
