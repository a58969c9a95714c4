package dev.vigil.system.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.system.VigilSystem;
import dev.vigil.testkit.TestInfra;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an operator and a hostile client meet at the gateway of the production builds: absolute URLs
 * built from the gateway's base URL whatever {@code Host} the client sends, one JSON object per log
 * line from the first line on, an access line per request (never the token), and a public health
 * answer that names no internal address.
 */
class OperabilityThroughGatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static VigilSystem system;
  private static String gateway;
  private static String base;
  private static String token;
  private static String project;

  @BeforeAll
  static void start() {
    system = VigilSystem.get();
    gateway = system.gatewayUrl();
    base = gateway; // the configured external base URL (GatewayWiring)
    token = system.devToken();
    project = system.devProject();
  }

  @Test
  void aSpoofedHostNeverReachesTheLinksOfABackendOrOfTheGateway() {
    for (int i = 0; i < 2; i++) {
      given()
          .header("Authorization", "Bearer " + token)
          .header("X-Project-Id", project)
          .contentType(ContentType.JSON)
          .body(
              Map.of(
                  "platform",
                  "github",
                  "credentials",
                  Map.of("token", "ghp_example"),
                  "repositories",
                  List.of("hostile/spoof-" + UUID.randomUUID().toString().substring(0, 8))))
          .post(gateway + "/v1/config/repos")
          .then()
          .statusCode(201);
    }
    Response repos =
        given()
            .header("Authorization", "Bearer " + token)
            .header("X-Project-Id", project)
            .header("Host", "evil.example")
            .header("X-Forwarded-Host", "evil.example")
            .get(gateway + "/v1/config/repos?limit=1");
    assertThat(repos.statusCode()).isEqualTo(200);
    assertThat(repos.getHeader("Link")).startsWith("<" + base + "/v1/config/repos?");
    assertThat(repos.asString() + repos.getHeader("Link")).doesNotContain("evil.example");

    given()
        .header("Authorization", "Token " + token)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "spoof-probe", "scopes", List.of("scan")))
        .post(gateway + "/v1/api_tokens")
        .then()
        .statusCode(201);
    Response tokens =
        given()
            .header("Authorization", "Token " + token)
            .header("Host", "evil.example")
            .get(gateway + "/v1/api_tokens?per_page=1");
    assertThat(tokens.statusCode()).isEqualTo(200);
    assertThat(tokens.getHeader("Link")).startsWith("<" + base + "/v1/api_tokens?");
    assertThat(tokens.getHeader("Link")).doesNotContain("evil.example");
  }

  @Test
  void everyLogLineIsJsonAndEachRequestHasAnAccessLineWithoutTheToken() throws Exception {
    String requestId = "ops-" + UUID.randomUUID();
    given()
        .header("Authorization", "Token " + token)
        .header("X-Request-Id", requestId)
        .get(gateway + "/exposed/v1/health")
        .then()
        .statusCode(200);
    String refusedId = "ops-" + UUID.randomUUID();
    given()
        .header("Authorization", "Token vgl_" + "0".repeat(38))
        .header("X-Request-Id", refusedId)
        .get(gateway + "/v1/health")
        .then()
        .statusCode(401);

    JsonNode ok = awaitAccessLine(requestId);
    assertThat(ok.at("/mdc/method").asText()).isEqualTo("GET");
    assertThat(ok.at("/mdc/route").asText()).isEqualTo("/v1/health");
    assertThat(ok.at("/mdc/status").asText()).isEqualTo("200");
    assertThat(ok.at("/mdc/tenantId").asText()).isNotBlank();
    assertThat(Double.parseDouble(ok.at("/mdc/durationMs").asText())).isNotNegative();
    JsonNode refused = awaitAccessLine(refusedId);
    assertThat(refused.at("/mdc/status").asText()).isEqualTo("401");
    assertThat(refused.at("/mdc/authFailure").asText()).isNotBlank();

    List<String> lines = Files.readAllLines(system.service("gateway-service").log());
    List<String> notJson = new ArrayList<>();
    for (String line : lines) {
      // The JVM itself (not a logger) may print warnings on stderr before any code runs.
      if (line.isBlank() || line.startsWith("WARNING: ")) {
        continue;
      }
      if (parse(line).isEmpty()) {
        notJson.add(line);
      }
    }
    assertThat(notJson).as("log lines that are not one JSON object").isEmpty();
    assertThat(String.join("\n", lines)).doesNotContain(token);
  }

  @Test
  void thePublicHealthAnswerNamesNoInternalAddress() {
    String health = given().get(gateway + "/q/health/ready").then().extract().asString();
    assertThat(health).contains("Kafka");
    for (String server : TestInfra.kafkaBootstrapServers().split(",")) {
      assertThat(health).doesNotContain(server.strip());
    }
  }

  private static JsonNode awaitAccessLine(String requestId) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(system.service("gateway-service").log())) {
        Optional<JsonNode> node = parse(line);
        if (node.isPresent()
            && "dev.vigil.gateway.access".equals(node.get().path("loggerName").asText())
            && requestId.equals(node.get().at("/mdc/requestId").asText())) {
          return node.get();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no access line for request " + requestId);
  }

  private static Optional<JsonNode> parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
