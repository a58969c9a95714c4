package dev.vigil.sync.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testkit.TestTokens;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * GitHub-polled sources through {@code POST /v1/sync_github_repositories}: a service token from the
 * (fake) gateway, credentials from the (fake) repo-config internal endpoint, the zipball from a
 * (fake) GitHub serving real zips; an unchanged branch head is skipped.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(FakeUpstreams.class)
class PolledSyncTest {

  private static final Path RULES =
      Path.of(System.getProperty("vigil.conformance.scanner", "/work/shared/conformance/scanner"))
          .resolve("rules");

  private final UUID tenant = UUID.randomUUID();
  private final String token =
      TestTokens.forAudience("sync-service").tenant(tenant).scopes("detection_rules:sync").sign();

  private static String rule(String file) throws Exception {
    Path path = RULES.resolve(file);
    assumeTrue(Files.isRegularFile(path), "Scanner conformance rules not found at " + RULES);
    return Files.readString(path, StandardCharsets.UTF_8);
  }

  private JsonPath attempts(String source) {
    return given()
        .header("Authorization", "Bearer " + token)
        .get("/v1/sync_sources/" + source + "/attempts")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private void trigger() {
    given()
        .header("Authorization", "Bearer " + token)
        .contentType("application/json")
        .body(Map.of("tenant_id", tenant.toString()))
        .post("/v1/sync_github_repositories")
        .then()
        .statusCode(200)
        .body("tenant_id", equalTo(tenant.toString()));
  }

  private JsonPath awaitAttempts(String source, Predicate<JsonPath> done) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      JsonPath attempts = attempts(source);
      if (done.test(attempts) || Instant.now().isAfter(deadline)) {
        return attempts;
      }
      Thread.sleep(100);
    }
  }

  @Test
  void triggerSyncsPolledSourcesAndSkipsAnUnchangedHead() throws Exception {
    String repository = "acme/detections-" + UUID.randomUUID().toString().substring(0, 8);
    String config = SyncApiTest.SYNC_CONFIG;
    String sha1 = "1".repeat(40);
    FakeUpstreams.ZIPBALLS.put(
        repository,
        RepoZips.githubZipball(
            repository,
            sha1,
            Map.of(
                "detections/sync.yaml", config,
                "detections/rules/a.yml", rule("10_github_no_enabled_key.yml"),
                "detections/rules/b.yml", rule("11_gcp_critical.yml"),
                "other/c.yml", rule("13_auth0_informational.yml"))));
    String source =
        given()
            .header("Authorization", "Bearer " + token)
            .contentType("application/json")
            .body(
                Map.of(
                    "kind", "github_polled",
                    "repo_connection_id", "rc_" + "a".repeat(24),
                    "repository", repository,
                    "branch", "main",
                    "directory", "detections",
                    "sync_config_path", "detections/sync.yaml"))
            .post("/v1/sync_sources")
            .then()
            .statusCode(201)
            .extract()
            .path("sync_source.id");

    trigger();
    JsonPath first = awaitAttempts(source, a -> !a.getList("data.sync_attempts").isEmpty());
    assertThat(first.getList("data.sync_attempts.status")).containsExactly("succeeded");
    assertThat(first.getString("data.sync_attempts[0].commit_sha")).isEqualTo(sha1);
    assertThat(first.getInt("data.sync_attempts[0].detection_rules_synced")).isEqualTo(2);

    // Same head again: downloaded, but no new attempt.
    int downloads = FakeUpstreams.DOWNLOADS.get();
    trigger();
    Instant deadline = Instant.now().plusSeconds(30);
    while (FakeUpstreams.DOWNLOADS.get() == downloads && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    Thread.sleep(300);
    assertThat(attempts(source).getList("data.sync_attempts")).hasSize(1);

    String sha2 = "2".repeat(40);
    FakeUpstreams.ZIPBALLS.put(
        repository,
        RepoZips.githubZipball(
            repository,
            sha2,
            Map.of(
                "detections/sync.yaml",
                config,
                "detections/rules/a.yml",
                rule("10_github_no_enabled_key.yml"))));
    trigger();
    JsonPath second = awaitAttempts(source, a -> a.getList("data.sync_attempts").size() == 2);
    assertThat(second.getString("data.sync_attempts[0].commit_sha")).isEqualTo(sha2);
    assertThat(second.getInt("data.sync_attempts[0].detection_rules_deleted")).isEqualTo(1);
    List<String> paths =
        given()
            .header("Authorization", "Bearer " + token)
            .get("/v1/sync_sources/" + source + "/detection_rules")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("data.detection_rules.file_path", String.class);
    assertThat(paths).containsExactly("detections/rules/a.yml");
  }

  @Test
  void anotherTenantCannotBeTriggered() {
    given()
        .header("Authorization", "Bearer " + token)
        .contentType("application/json")
        .body(Map.of("tenant_id", UUID.randomUUID().toString()))
        .post("/v1/sync_github_repositories")
        .then()
        .statusCode(404)
        .body("error", equalTo("Tenant not found"));
  }
}
