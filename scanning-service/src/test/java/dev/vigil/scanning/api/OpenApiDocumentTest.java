package dev.vigil.scanning.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service's own OpenAPI document (merged by the gateway into {@code /openapi}) says what the
 * endpoints really answer: 202 for an upload, 204 for a status report, GitHub's bodies as JSON
 * schemas, and JSON request bodies rather than a byte stream.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class OpenApiDocumentTest {

  private static final String BASE = "/repos/{owner}/{repo}/code-scanning";

  @Test
  void everyOperationDocumentsItsRealSuccessStatusBodyAndRequestMediaType() throws Exception {
    JsonNode document =
        new ObjectMapper()
            .readTree(given().queryParam("format", "json").get("/q/openapi").asByteArray());
    JsonNode paths = document.path("paths");
    Map<String, String> expected =
        Map.ofEntries(
            Map.entry("post " + BASE + "/sarifs", "202"),
            Map.entry("get " + BASE + "/sarifs/{sarif_id}", "200"),
            Map.entry("put " + BASE + "/analysis", "202"),
            Map.entry("put " + BASE + "/analysis/status", "204"),
            Map.entry("get " + BASE + "/alerts", "200"),
            Map.entry("get " + BASE + "/alerts/{alert_number}", "200"),
            Map.entry("patch " + BASE + "/alerts/{alert_number}", "200"),
            Map.entry("get " + BASE + "/alerts/{alert_number}/instances", "200"),
            Map.entry("get " + BASE + "/analyses", "200"),
            Map.entry("get " + BASE + "/analyses/{analysis_id}", "200"),
            Map.entry("delete " + BASE + "/analyses/{analysis_id}", "200"));
    expected.forEach(
        (operation, status) -> {
          String[] parts = operation.split(" ", 2);
          JsonNode op = paths.path(parts[1]).path(parts[0]);
          assertThat(op.isObject()).as(operation).isTrue();
          List<String> statuses = new ArrayList<>();
          op.path("responses").fieldNames().forEachRemaining(statuses::add);
          // 401/403 are added for every secured operation; the success is what varies.
          statuses.removeIf(code -> !code.startsWith("2"));
          assertThat(statuses).as(operation).as("success statuses").containsExactly(status);
          if (!status.equals("204")) {
            assertThat(
                    op.path("responses")
                        .path(status)
                        .at("/content/application~1json/schema")
                        .isObject())
                .as("%s: body schema", operation)
                .isTrue();
          }
          JsonNode body = op.path("requestBody").path("content");
          if (parts[0].equals("get") || parts[0].equals("delete")) {
            assertThat(body.isMissingNode()).as(operation).isTrue();
          } else {
            List<String> types = new ArrayList<>();
            body.fieldNames().forEachRemaining(types::add);
            assertThat(types)
                .as("%s: request media types", operation)
                .containsExactly("application/json");
          }
        });
    assertThat(
            paths
                .path(BASE + "/alerts/{alert_number}")
                .path("get")
                .at("/responses/200/content/application~1json/schema/$ref")
                .asText())
        .endsWith("/Alert");
    // GitHub sends absent values as null: the document says they may be.
    JsonNode alert = document.at("/components/schemas/Alert/properties");
    assertThat(alert.at("/fixed_at/type").toString()).contains("\"null\"");
    assertThat(alert.at("/dismissed_by/anyOf").toString()).contains("\"null\"");
  }
}
