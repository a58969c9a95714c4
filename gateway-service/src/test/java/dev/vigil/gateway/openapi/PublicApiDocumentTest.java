package dev.vigil.gateway.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.gateway.domain.Route;
import dev.vigil.gateway.domain.RoutingTable;
import dev.vigil.gateway.support.Api;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.gateway.support.RawHttp;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /openapi}: one document for the whole public API, merged from the backends' own
 * documents (the echo backends serve fixtures shaped like SmallRye's output, with internal
 * operations and clashing component names) and the gateway's, and the Swagger UI that renders it.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class PublicApiDocumentTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  @Inject PublicApiDocument document;

  @Test
  void documentIsPublicAndListsEveryRoutedOperation() throws Exception {
    Response response = given().get("/openapi");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    JsonNode doc = JSON.readTree(response.asByteArray());

    assertThat(doc.path("openapi").asText()).startsWith("3.");
    assertThat(doc.path("info").path("title").asText()).isEqualTo("Vigil API");
    assertThat(doc.has(OpenApiMerger.MISSING_SERVICES)).isFalse();

    // Every route of the routing table, backend or gateway, is in the document, under its own
    // operation id.
    for (Route route : RoutingTable.standard().routes()) {
      JsonNode operation = operation(doc, route.method().name(), route.pathTemplate());
      assertThat(operation).as("%s %s", route.method(), route.pathTemplate()).isNotNull();
      assertThat(operation.path("operationId").asText()).isEqualTo(route.operationId());
      assertThat(operation.path(OpenApiMerger.BACKEND).asText())
          .isEqualTo(route.backend().serviceName());
    }

    // What the backends wrote about their operations is kept.
    JsonNode alerts = operation(doc, "GET", "/repos/{owner}/{repo}/code-scanning/alerts");
    assertThat(alerts.path("summary").asText())
        .isEqualTo("List code scanning alerts for a repository");
    assertThat(alerts.path("tags").get(0).asText()).isEqualTo("GitHub");
    JsonNode connect = operation(doc, "POST", "/v1/config/repos");
    assertThat(connect.path("summary").asText()).isEqualTo("Connect repositories");
    assertThat(connect.path("requestBody").path("content").path("application/json").isObject())
        .isTrue();
    // A backend spells a variable its own way; its parameters still match its path.
    assertThat(doc.path("paths").has("/repos/{owner}/{repo}/code-scanning/alerts/{alertNumber}"))
        .isTrue();
    // A routed operation its service does not document yet is listed all the same.
    JsonNode upsert = operation(doc, "POST", "/v1/detection_rule_yaml/upsert_by_push_key");
    assertThat(upsert.path(OpenApiMerger.UNDOCUMENTED).asBoolean()).isTrue();

    // The gateway's own endpoints: GitGuardian's token API and health, Vigil's administration.
    assertThat(operation(doc, "GET", "/v1/health")).isNotNull();
    assertThat(operation(doc, "POST", "/v1/api_tokens").path("x-vigil-scope").asText())
        .isEqualTo("api_tokens:write");
    assertThat(operation(doc, "POST", "/vigil/v1/tenants").path(OpenApiMerger.ACCESS).asText())
        .isEqualTo("operator");
    // Their bodies are what clients send, not the server's request object.
    assertThat(
            operation(doc, "POST", "/v1/api_tokens")
                .at("/requestBody/content/application~1json/schema/$ref")
                .asText())
        .isEqualTo("#/components/schemas/CreateApiTokenRequest");
    assertThat(doc.path("components").path("schemas").has("RoutingContext")).isFalse();
  }

  @Test
  void theGatewaysOwnOperationsDocumentTheirRealStatusesAndBodies() throws Exception {
    JsonNode doc = JSON.readTree(given().get("/openapi").asByteArray());
    Map<String, String> expected =
        Map.ofEntries(
            Map.entry("POST /v1/api_tokens", "201"),
            Map.entry("DELETE /v1/api_tokens/{token_id}", "204"),
            Map.entry("DELETE /v1/api_tokens/self", "204"),
            Map.entry("GET /v1/api_tokens", "200"),
            Map.entry("POST /vigil/v1/projects", "201"),
            Map.entry("DELETE /vigil/v1/projects/{project_id}", "204"),
            Map.entry("POST /vigil/v1/members", "201"),
            Map.entry("DELETE /vigil/v1/members/{member_id}", "204"),
            Map.entry("POST /vigil/v1/tenants", "201"),
            Map.entry("GET /meta", "200"));
    expected.forEach(
        (operation, status) -> {
          String[] parts = operation.split(" ", 2);
          JsonNode responses = operation(doc, parts[0], parts[1]).path("responses");
          List<String> statuses = new ArrayList<>();
          responses.fieldNames().forEachRemaining(statuses::add);
          assertThat(statuses).as(operation).contains(status).doesNotContain("default");
          if (!status.equals("204")) {
            assertThat(responses.path(status).at("/content/application~1json/schema").isObject())
                .as("%s %s has a body schema", operation, status)
                .isTrue();
          }
          if (!status.equals("200")) {
            assertThat(statuses).as(operation).doesNotContain("200");
          }
        });
    assertThat(
            operation(doc, "POST", "/v1/api_tokens")
                .at("/responses/201/content/application~1json/schema/$ref")
                .asText())
        .isEqualTo("#/components/schemas/CreatedApiTokenJson");
    assertThat(
            operation(doc, "GET", "/v1/api_tokens")
                .at("/responses/200/content/application~1json/schema/type")
                .asText())
        .isEqualTo("array");
  }

  @Test
  void internalAndUnroutedOperationsStayOut() throws Exception {
    JsonNode doc = fetch();
    RoutingTable table = RoutingTable.standard();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      assertThat(path.getKey()).doesNotStartWith("/internal").doesNotStartWith("/q/");
      for (String method : METHODS) {
        if (path.getValue().has(method)) {
          String concrete = path.getKey().replaceAll("\\{[^}]+}", "x");
          assertThat(table.match(method.toUpperCase(Locale.ROOT), concrete))
              .as("%s %s is routed", method, path.getKey())
              .isInstanceOf(dev.vigil.gateway.domain.RouteLookup.Found.class);
        }
      }
    }
    // Documented by scanning-service but not routed by the gateway.
    assertThat(doc.path("paths").has("/repos/{owner}/{repo}/code-scanning/default-setup"))
        .isFalse();
    // Nor what only internal or unrouted operations used: repo-config's decrypted credentials.
    JsonNode schemas = doc.path("components").path("schemas");
    assertThat(schemas.has("CredentialsJson")).isFalse();
    assertThat(schemas.has("InternalStats")).isFalse();
    assertThat(schemas.has("DefaultSetup")).isFalse();
    assertThat(doc.toString()).doesNotContain("credentials/rewrap").doesNotContain("sweeps");
    // The backends' internal-JWT scheme is no client's business.
    assertThat(doc.path("components").path("securitySchemes").has("SecurityScheme")).isFalse();
    assertThat(doc.toString()).doesNotContain("\"SecurityScheme\"");
  }

  @Test
  void everyReferenceResolves() throws Exception {
    JsonNode doc = fetch();
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/components/");
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
    }
  }

  @Test
  void clashingComponentNamesArePrefixedWithTheirService() throws Exception {
    JsonNode doc = fetch();
    JsonNode schemas = doc.path("components").path("schemas");
    // Four services, four different ErrorJson shapes: each keeps its own.
    assertThat(schemas.has("ErrorJson")).isFalse();
    assertThat(schemas.path("scanning-service.ErrorJson").path("properties").has("message"))
        .isTrue();
    assertThat(schemas.path("secrets-service.ErrorJson").path("properties").has("detail")).isTrue();
    assertThat(schemas.path("repo-config-service.ErrorJson").path("properties").has("success"))
        .isTrue();
    // Identical text, different meaning (it refers to a clashing name): prefixed too.
    assertThat(
            schemas
                .path("secrets-service.ErrorEnvelope")
                .path("properties")
                .path("error")
                .path("$ref")
                .asText())
        .isEqualTo("#/components/schemas/secrets-service.ErrorJson");
    // Identical and self-contained: shared under its own name.
    assertThat(schemas.has("Page")).isTrue();
    assertThat(schemas.has("scanning-service.Page")).isFalse();
    // References follow their service's renamed component.
    JsonNode incidents = operation(doc, "GET", "/v1/incidents/secrets");
    assertThat(incidents.at("/responses/401/content/application~1json/schema/$ref").asText())
        .isEqualTo("#/components/schemas/secrets-service.ErrorJson");
  }

  @Test
  void securitySchemesAndScopesComeFromTheRoutingTable() throws Exception {
    JsonNode doc = fetch();
    JsonNode schemes = doc.path("components").path("securitySchemes");
    assertThat(schemes.path(OpenApiMerger.BEARER).path("scheme").asText()).isEqualTo("bearer");
    assertThat(schemes.path(OpenApiMerger.GITHUB_TOKEN).path("name").asText())
        .isEqualTo("Authorization");
    assertThat(schemes.path(OpenApiMerger.GITGUARDIAN_TOKEN).path("in").asText())
        .isEqualTo("header");

    JsonNode update =
        operation(doc, "PATCH", "/repos/{owner}/{repo}/code-scanning/alerts/{alert_number}");
    assertThat(update.path(OpenApiMerger.SCOPE).asText()).isEqualTo("security_events");
    assertThat(update.path("description").asText()).contains("`security_events`");
    Set<String> schemesOffered = new HashSet<>();
    for (JsonNode requirement : update.path("security")) {
      requirement
          .fields()
          .forEachRemaining(
              e -> {
                schemesOffered.add(e.getKey());
                if (doc.path("openapi").asText().startsWith("3.1")) {
                  assertThat(e.getValue().get(0).asText()).isEqualTo("security_events");
                }
              });
    }
    assertThat(schemesOffered)
        .containsExactlyInAnyOrder(
            OpenApiMerger.BEARER, OpenApiMerger.GITHUB_TOKEN, OpenApiMerger.GITGUARDIAN_TOKEN);

    JsonNode health = operation(doc, "GET", "/v1/health");
    assertThat(health.path(OpenApiMerger.ACCESS).asText()).isEqualTo("authenticated");
    assertThat(health.has(OpenApiMerger.SCOPE)).isFalse();
    JsonNode repos = operation(doc, "GET", "/v1/config/repos");
    assertThat(repos.path(OpenApiMerger.SCOPE).asText()).isEqualTo("config:read");
    assertThat(repos.path("x-vigil-project-scoped").asBoolean()).isTrue();
  }

  @Test
  void documentIsValidOpenApi3InJsonAndYaml() throws Exception {
    String json = given().get("/openapi").then().statusCode(200).extract().asString();
    assertValid(json);

    Response yaml = given().queryParam("format", "yaml").get("/openapi");
    assertThat(yaml.statusCode()).isEqualTo(200);
    assertThat(yaml.contentType()).startsWith("application/yaml");
    assertValid(yaml.asString());
    assertThat(new YAMLMapper().readTree(yaml.asString())).isEqualTo(JSON.readTree(json));

    Response byAccept = given().accept("application/yaml").get("/openapi");
    assertThat(byAccept.contentType()).startsWith("application/yaml");
    assertThat(byAccept.asString()).isEqualTo(yaml.asString());
  }

  @Test
  void aBackendThatIsDownIsLeftOutAndNamed() throws Exception {
    int port = URI.create(Api.config("vigil.gateway.backends.sync")).getPort();
    HttpClient client = HttpClient.newHttpClient();
    client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/__test/offline?ms=8000"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    awaitOpenApi(client, port, false);
    try {
      document.invalidate();
      Response response = given().get("/openapi");
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode doc = JSON.readTree(response.asByteArray());
      assertThat(doc.path(OpenApiMerger.MISSING_SERVICES))
          .extracting(JsonNode::asText)
          .containsExactly(GatewayTestResource.SYNC);
      assertThat(operation(doc, "POST", "/v1/sync_github_repositories")).isNull();
      assertThat(doc.path("components").path("schemas").has("SyncResult")).isFalse();
      // Everything else is still there, and still a valid document.
      assertThat(operation(doc, "GET", "/repos/{owner}/{repo}/code-scanning/alerts")).isNotNull();
      assertThat(operation(doc, "GET", "/v1/config/repos")).isNotNull();
      assertThat(operation(doc, "GET", "/v1/health")).isNotNull();
      assertValid(response.asString());
    } finally {
      awaitOpenApi(client, port, true);
      document.invalidate();
    }
    // Back up, back in.
    JsonNode doc = fetch();
    assertThat(doc.has(OpenApiMerger.MISSING_SERVICES)).isFalse();
    assertThat(operation(doc, "POST", "/v1/sync_github_repositories")).isNotNull();
  }

  @Test
  void swaggerUiRendersTheMergedDocumentFromTheGatewayItself() {
    Response page = given().get("/openapi/ui/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    String html = page.asString();
    assertThat(html).contains("swagger-ui").contains("/openapi");
    // Nothing is fetched from a CDN: every script and stylesheet is the gateway's own.
    Matcher sources = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
    while (sources.find()) {
      assertThat(sources.group(1)).doesNotStartWith("http:").doesNotStartWith("https:");
      assertThat(sources.group(1)).doesNotStartWith("//");
    }
    // Its assets answer too; and the bare path leads there.
    Matcher script = Pattern.compile("src=\"([^\"]+\\.js)\"").matcher(html);
    assertThat(script.find()).isTrue();
    String asset = script.group(1);
    String assetPath = asset.startsWith("/") ? asset : "/openapi/ui/" + asset.replace("./", "");
    given().get(assetPath).then().statusCode(200);
    given().get("/openapi/ui").then().statusCode(200);
  }

  @Test
  void documentationPathsAreTheGatewaysOwnNeverRoutedOrAuthenticated() throws Exception {
    // A bad credential does not matter: the documentation is public.
    given().header("Authorization", "token junk").get("/openapi").then().statusCode(200);
    given().head("/openapi").then().statusCode(200);
    // Only reading: nothing under /openapi reaches a backend.
    Response post = given().post("/openapi");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
    // A dot segment does not smuggle a request past the gateway filter.
    RawHttp.Response smuggled =
        RawHttp.exchange(
            RestAssured.port,
            String.join(
                "\r\n",
                "GET /openapi/../v1/api_tokens HTTP/1.1",
                "Host: gateway.test",
                "Connection: close"),
            null);
    assertThat(smuggled.status()).isIn(400, 401, 404);
    assertThat(smuggled.body()).doesNotContain("\"results\"");
  }

  // --- helpers ----------------------------------------------------------------------------------

  private JsonNode fetch() throws Exception {
    return JSON.readTree(given().get("/openapi").then().statusCode(200).extract().asByteArray());
  }

  /** The operation for a routing-table template, whatever the document calls its variables. */
  static JsonNode operation(JsonNode doc, String method, String template) {
    String wanted = OpenApiMerger.normalize(template);
    Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      if (OpenApiMerger.normalize(path.getKey()).equals(wanted)) {
        return path.getValue().get(method.toLowerCase(Locale.ROOT));
      }
    }
    return null;
  }

  private static void collectRefs(JsonNode node, List<String> out) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual()) {
        out.add(ref.asText());
      }
    }
    node.elements().forEachRemaining(child -> collectRefs(child, out));
  }

  private static void assertValid(String text) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
    assertThat(result.getMessages()).as("parser messages").isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
  }

  /** Waits until the backend's own document answers ({@code up}) or its port refuses. */
  private static void awaitOpenApi(HttpClient client, int port, boolean up) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      boolean answering;
      try {
        answering =
            client
                    .send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/q/openapi"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
      } catch (IOException e) {
        answering = false;
      }
      if (answering == up) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("sync backend never became " + (up ? "available" : "unavailable"));
  }
}
