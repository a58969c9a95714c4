package dev.vigil.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.gateway.domain.Backend;
import dev.vigil.gateway.domain.RoutingTable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The merge itself, without HTTP: determinism and what a missing service does to the rest. */
class OpenApiMergerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OpenApiMerger.Info INFO = new OpenApiMerger.Info("Vigil API", "1", null);

  private final OpenApiMerger merger = new OpenApiMerger(RoutingTable.standard().routes());

  @Test
  void theSameDocumentsGiveTheSameResultInAnyOrder() throws IOException {
    List<OpenApiMerger.Source> sources = fixtures();
    JsonNode forward = merger.merge(sources, Set.of(), INFO);
    List<OpenApiMerger.Source> reversed = new ArrayList<>(sources);
    java.util.Collections.reverse(reversed);
    JsonNode backward = merger.merge(reversed, Set.of(), INFO);
    assertThat(JSON.writeValueAsString(backward)).isEqualTo(JSON.writeValueAsString(forward));
  }

  @Test
  void withoutTheOtherClaimantsANameKeepsItsOwnSpelling() throws IOException {
    // Only repo-config answered: its ErrorJson clashes with nobody, so it is plain ErrorJson.
    List<OpenApiMerger.Source> only =
        fixtures().stream().filter(s -> s.backend() == Backend.REPO_CONFIG).toList();
    JsonNode doc =
        merger.merge(
            only,
            EnumSet.of(Backend.SYNC, Backend.SCANNING, Backend.SECRETS, Backend.GATEWAY),
            INFO);
    JsonNode schemas = doc.path("components").path("schemas");
    assertThat(schemas.has("ErrorJson")).isTrue();
    assertThat(schemas.has("CredentialsJson")).isFalse();
    assertThat(doc.path(OpenApiMerger.MISSING_SERVICES)).hasSize(4);
    // Only repo-config's operations (SigSentry's, and the workflow-run lookup it forwards for
    // codeql-action), tagged SigSentry and GitHub.
    assertThat(doc.path("paths").fieldNames())
        .toIterable()
        .allMatch(
            path ->
                path.startsWith("/v1/config/repos")
                    || path.equals("/repos/{owner}/{repo}/actions/runs/{run_id}"));
    assertThat(doc.path("tags").findValuesAsText("name"))
        .containsExactlyInAnyOrder("SigSentry", "GitHub");
  }

  @Test
  void everyOperationDocumentsItsErrorsInItsFamilysShape() throws IOException {
    JsonNode doc = merger.merge(fixtures(), Set.of(Backend.GATEWAY), INFO);
    JsonNode alerts = doc.at("/paths/~1repos~1{owner}~1{repo}~1code-scanning~1alerts/get");
    assertThat(errorSchema(alerts, "4XX")).isEqualTo("#/components/schemas/GitHubError");
    assertThat(errorSchema(alerts, "5XX")).isEqualTo("#/components/schemas/GitHubError");
    // An error documented with a body of its own (here a $ref'd response) keeps it.
    JsonNode alert =
        doc.at("/paths/~1repos~1{owner}~1{repo}~1code-scanning~1alerts~1{alertNumber}/get");
    assertThat(alert.at("/responses/404/$ref").asText())
        .isEqualTo("#/components/responses/NotFound");
    JsonNode repos = doc.at("/paths/~1v1~1config~1repos/post");
    assertThat(errorSchema(repos, "4XX")).isEqualTo("#/components/schemas/SigSentryError");
    // Successes keep what the service documents.
    assertThat(alerts.path("responses").has("200")).isTrue();
    assertThat(alerts.path("responses").has("2XX")).isFalse();
    JsonNode schemas = doc.path("components").path("schemas");
    assertThat(schemas.path("GitHubError").path("required").toString()).contains("message");
    assertThat(schemas.path("SigSentryError").path("required").toString())
        .contains("success", "error");
    assertThat(schemas.path("ScannerError").path("properties").path("error").path("type").asText())
        .isEqualTo("string");
  }

  @Test
  void anErrorDocumentedWithoutABodyGetsItsFamilysBody() throws IOException {
    // SmallRye documents 401 and 403 of a secured operation with a description only.
    JsonNode scanning =
        JSON.readTree(
            """
            {"openapi":"3.1.0","paths":{"/repos/{owner}/{repo}/code-scanning/alerts":{"get":{
              "responses":{"200":{"description":"OK"},"401":{"description":"Not Authorized"}}}}}}
            """);
    JsonNode doc =
        merger.merge(
            List.of(new OpenApiMerger.Source(Backend.SCANNING, scanning)),
            EnumSet.of(Backend.SYNC, Backend.SECRETS, Backend.REPO_CONFIG, Backend.GATEWAY),
            INFO);
    JsonNode alerts = doc.at("/paths/~1repos~1{owner}~1{repo}~1code-scanning~1alerts/get");
    assertThat(errorSchema(alerts, "401")).isEqualTo("#/components/schemas/GitHubError");
    assertThat(alerts.at("/responses/200/content").isMissingNode()).isTrue();
    assertThat(doc.at("/components/schemas/GitHubError/type").asText()).isEqualTo("object");
  }

  private static String errorSchema(JsonNode operation, String status) {
    return operation
        .path("responses")
        .path(status)
        .path("content")
        .path("application/json")
        .path("schema")
        .path("$ref")
        .asText();
  }

  @Test
  void variableNamesDoNotMatterForMatching() {
    assertThat(OpenApiMerger.normalize("/a/{x}/b/")).isEqualTo(OpenApiMerger.normalize("/a/{y}/b"));
    assertThat(OpenApiMerger.normalize("/a/x/b")).isNotEqualTo(OpenApiMerger.normalize("/a/{x}/b"));
  }

  private static List<OpenApiMerger.Source> fixtures() throws IOException {
    List<OpenApiMerger.Source> sources = new ArrayList<>();
    for (Backend backend :
        List.of(Backend.SYNC, Backend.SCANNING, Backend.SECRETS, Backend.REPO_CONFIG)) {
      try (InputStream in =
          OpenApiMergerTest.class.getResourceAsStream(
              "/openapi-fixtures/" + backend.serviceName() + ".json")) {
        sources.add(new OpenApiMerger.Source(backend, JSON.readTree(in)));
      }
    }
    return sources;
  }
}
