package dev.vigil.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The suite as a client sees it: every request goes through the gateway with the dev token the
 * gateway bootstrapped, reaches the owning service with a gateway-signed JWT, and events flow
 * between services over the real Kafka.
 */
class ThroughGatewayTest {

  private static final Duration EVENTUAL = Duration.ofSeconds(60);
  private static String gateway;
  private static String token;
  private static String project;

  @BeforeAll
  static void start() throws Exception {
    VigilSystem system = VigilSystem.get();
    gateway = system.gatewayUrl();
    token = awaitFile(system.stateDir().resolve("dev-token"));
    project = awaitFile(system.stateDir().resolve("dev-project"));
  }

  @Test
  void healthAnswersForTheDevTokenAndRejectsOthersInGitGuardiansShape() {
    given()
        .header("Authorization", "Token " + token)
        .get(gateway + "/v1/health")
        .then()
        .statusCode(200)
        .body("detail", equalTo("Valid API key."));
    given()
        .header("Authorization", "Token vgl_notarealtoken")
        .get(gateway + "/v1/health")
        .then()
        .statusCode(401)
        .body("detail", equalTo("Invalid API key."));
  }

  @Test
  void githubRoutesAnswerBadCredentialsInGitHubsShape() {
    given()
        .header("Authorization", "token " + token.substring(0, token.length() - 1) + "x")
        .get(gateway + "/repos/acme/unknown/code-scanning/alerts")
        .then()
        .statusCode(401)
        .body("message", equalTo("Bad credentials"))
        .body("documentation_url", notNullValue());
  }

  @Test
  void backendVerifiesTheGatewaysJwtAndAnswersForAnUnknownRepository() {
    // A 404 from scanning-service (not a 401) shows it fetched the gateway's JWKS and accepted the
    // JWT.
    given()
        .auth()
        .oauth2(token)
        .get(gateway + "/repos/acme/never-connected/code-scanning/alerts")
        .then()
        .statusCode(404)
        .body("message", equalTo("Not Found"));
  }

  @Test
  void connectedRepositoryBecomesKnownToCodeScanningAndAcceptsSarif() throws Exception {
    String repo = "acme/checkout-" + UUID.randomUUID().toString().substring(0, 8);
    String secret = "ghp_" + UUID.randomUUID().toString().replace("-", "");
    Response created =
        given()
            .auth()
            .oauth2(token)
            .header("X-Project-Id", project)
            .contentType(ContentType.JSON)
            .body(
                "{\"platform\":\"github\",\"credentials\":{\"token\":\""
                    + secret
                    + "\"},"
                    + "\"repositories\":[\""
                    + repo
                    + "\"],"
                    + "\"serviceMappings\":[{\"serviceName\":\"checkout\",\"repo\":\""
                    + repo
                    + "\",\"pathPrefix\":\"src/\",\"defaultBranch\":\"main\"}]}")
            .post(gateway + "/v1/config/repos");
    created
        .then()
        .statusCode(201)
        .body("success", equalTo(true))
        .body("data.id", startsWith("rc_"))
        .body("data.platform", equalTo("github"));
    assertThat(created.asString()).doesNotContain(secret);
    String id = created.jsonPath().getString("data.id");
    String fetched =
        given()
            .auth()
            .oauth2(token)
            .header("X-Project-Id", project)
            .get(gateway + "/v1/config/repos/" + id)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(fetched).doesNotContain(secret);

    // repo.connected travels repo-config → Kafka → scanning's read model.
    eventually(
        () ->
            given()
                    .auth()
                    .oauth2(token)
                    .get(gateway + "/repos/" + repo + "/code-scanning/alerts")
                    .statusCode()
                == 200);

    String sarifId =
        given()
            .auth()
            .oauth2(token)
            .contentType(ContentType.JSON)
            .body(
                "{\"commit_sha\":\""
                    + "a".repeat(40)
                    + "\",\"ref\":\"refs/heads/main\","
                    + "\"sarif\":\""
                    + gzipBase64(sampleSarif())
                    + "\"}")
            .post(gateway + "/repos/" + repo + "/code-scanning/sarifs")
            .then()
            .statusCode(202)
            .body("id", notNullValue())
            .extract()
            .path("id");
    eventually(
        () ->
            "complete"
                .equals(
                    given()
                        .auth()
                        .oauth2(token)
                        .get(gateway + "/repos/" + repo + "/code-scanning/sarifs/" + sarifId)
                        .path("processing_status")));
    given()
        .auth()
        .oauth2(token)
        .get(gateway + "/repos/" + repo + "/code-scanning/alerts")
        .then()
        .statusCode(200)
        .body("size()", equalTo(1))
        .body("[0].rule.id", equalTo("js/eval"));
  }

  private static String sampleSarif() {
    return """
        {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"demo-scanner","version":"1.0",
        "rules":[{"id":"js/eval","shortDescription":{"text":"eval"},
        "properties":{"security-severity":"8.1"}}]}},
        "results":[{"ruleId":"js/eval","level":"error","message":{"text":"eval of input"},
        "locations":[{"physicalLocation":{"artifactLocation":{"uri":"src/app.js"},
        "region":{"startLine":3}}}]}]}]}
        """;
  }

  private static String gzipBase64(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  private static void eventually(Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("condition not met within " + EVENTUAL);
  }

  private static String awaitFile(Path file) throws Exception {
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.isRegularFile(file) && Files.size(file) > 0) {
        return Files.readString(file).strip();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(file + " was never written by the gateway's dev bootstrap");
  }
}
