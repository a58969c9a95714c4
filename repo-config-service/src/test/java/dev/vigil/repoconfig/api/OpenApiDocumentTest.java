package dev.vigil.repoconfig.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.repoconfig.support.FakePlatforms;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service's own OpenAPI document (merged by the gateway into {@code /openapi}): a connection is
 * created with 201, and SigSentry's request bodies are JSON with the connection's schema, not a
 * byte stream.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(FakePlatforms.class)
class OpenApiDocumentTest {

  @Test
  void connectionsDocumentTheirStatusesAndJsonBodies() throws Exception {
    JsonNode paths =
        new ObjectMapper()
            .readTree(given().queryParam("format", "json").get("/q/openapi").asByteArray())
            .path("paths");
    JsonNode connect = paths.path("/v1/config/repos").path("post");
    assertThat(statuses(connect)).as("success statuses").containsExactly("201");
    assertThat(connect.at("/responses/201/content/application~1json/schema/$ref").asText())
        .endsWith("/Created");
    assertThat(mediaTypes(connect)).containsExactly("application/json");
    assertThat(connect.at("/requestBody/content/application~1json/schema/$ref").asText())
        .endsWith("/ConnectionRequest");

    JsonNode replace = paths.path("/v1/config/repos/{id}").path("put");
    assertThat(statuses(replace)).as("success statuses").containsExactly("200");
    assertThat(mediaTypes(replace)).containsExactly("application/json");

    JsonNode list = paths.path("/v1/config/repos").path("get");
    assertThat(list.at("/responses/200/content/application~1json/schema/$ref").asText())
        .endsWith("/Page");
  }

  private static List<String> statuses(JsonNode operation) {
    List<String> out = new ArrayList<>();
    operation.path("responses").fieldNames().forEachRemaining(out::add);
    // 401/403 are added for every secured operation; the success is what varies.
    out.removeIf(code -> !code.startsWith("2"));
    return out;
  }

  private static List<String> mediaTypes(JsonNode operation) {
    List<String> out = new ArrayList<>();
    operation.path("requestBody").path("content").fieldNames().forEachRemaining(out::add);
    return out;
  }
}
