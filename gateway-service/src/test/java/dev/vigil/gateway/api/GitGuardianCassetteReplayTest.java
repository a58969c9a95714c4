package dev.vigil.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.gateway.support.Api;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the exchanges GitGuardian's own clients recorded against api.gitguardian.com (VCR
 * cassettes of ggshield and py-gitguardian, copied byte for byte under
 * src/test/resources/conformance/gitguardian) for the endpoints the gateway serves itself: same
 * method and path, with a Vigil key of the same validity; the status and the response's field names
 * must match the recording.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class GitGuardianCassetteReplayTest {

  private static final List<String> CASSETTES =
      List.of(
          "ggshield__test_health_check.yaml",
          "ggshield__no_secret.yaml",
          "ggshield__simple_secret.yaml",
          "py-gitguardian__test_health_check.yaml",
          "py-gitguardian__test_api_token_information.yaml",
          "py-gitguardian__test_content_not_ok.yaml");

  /** Paths answered by the gateway itself, or refused by it before any backend. */
  private static final Set<String> GATEWAY_PATHS =
      Set.of("/v1/health", "/v1/api_tokens/self", "/v1/token");

  record Interaction(
      String cassette, String method, String path, int status, JsonNode body, boolean invalidKey) {
    @Override
    public String toString() {
      return cassette + ": " + method + " " + path + " -> " + status;
    }
  }

  static Stream<Interaction> interactions() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectMapper json = new ObjectMapper();
    List<Interaction> found = new ArrayList<>();
    for (String name : CASSETTES) {
      try (InputStream in =
          GitGuardianCassetteReplayTest.class.getResourceAsStream(
              "/conformance/gitguardian/" + name)) {
        JsonNode cassette = yaml.readTree(in);
        for (JsonNode interaction : cassette.get("interactions")) {
          JsonNode request = interaction.get("request");
          JsonNode response = interaction.get("response");
          URI uri = URI.create(request.get("uri").asText());
          int status = response.get("status").get("code").asInt();
          JsonNode body = json.readTree(response.get("body").get("string").asText());
          boolean invalidKey = status == 401;
          // A recorded 401 is replayed with an invalid key against any path: the gateway refuses
          // it before a backend is involved.
          if (GATEWAY_PATHS.contains(uri.getPath()) || invalidKey) {
            found.add(
                new Interaction(
                    name, request.get("method").asText(), uri.getPath(), status, body, invalidKey));
          }
        }
      }
    }
    assertThat(found).hasSizeGreaterThanOrEqualTo(6);
    return found.stream();
  }

  private static String token;

  @ParameterizedTest
  @MethodSource("interactions")
  void replaysWithTheRecordedStatusAndFields(Interaction recorded) {
    if (token == null) {
      Api.Tenant tenant = Api.newTenant();
      token =
          Api.newToken(tenant.ownerToken(), "ggshield", List.of("scan", "scan:create-incidents"))
              .value();
    }
    RequestSpecification request =
        given()
            .header("Authorization", "Token " + (recorded.invalidKey() ? "invalid-key" : token))
            .header("User-Agent", "pygitguardian/1.23.0 (Linux;py3.11.9) ggshield")
            .header("Accept", "*/*");
    if (recorded.method().equals("POST")) {
      request.contentType("application/json").body("{\"document\":\"hello\"}");
    }
    Response response = request.request(recorded.method(), recorded.path());

    assertThat(response.statusCode()).as(recorded.toString()).isEqualTo(recorded.status());
    assertThat(response.contentType()).startsWith("application/json");
    Set<String> expected = fieldNames(recorded.body());
    Set<String> actual = fieldNames(new ObjectMapper().valueToTree(response.jsonPath().get("$")));
    if (recorded.path().equals("/v1/api_tokens/self")) {
      // The 2023 recording is a trimmed fixture; the 2025 ones are the full object. Every
      // recorded field must be present, and nothing beyond the full object.
      assertThat(actual).as(recorded.toString()).containsAll(expected);
      assertThat(actual).isEqualTo(ApiTokenApiTest.TOKEN_FIELDS);
    } else {
      assertThat(actual).as(recorded.toString()).isEqualTo(expected);
    }
    if (recorded.path().equals("/v1/health") || recorded.invalidKey()) {
      assertThat(response.jsonPath().getString("detail"))
          .isEqualTo(recorded.body().get("detail").asText());
    }
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new LinkedHashSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
