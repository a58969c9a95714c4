package dev.vigil.system.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import com.networknt.schema.oas.OpenApi31;
import dev.vigil.system.VigilSystem;
import dev.vigil.testkit.sarif.SarifSamples;
import dev.vigil.testkit.secrets.GitHubTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The merged {@code GET /openapi} against the live gateway, operation by operation: every (path,
 * method) the document lists has a call recipe here (an operation added later without one fails
 * this test, by name, and so does a recipe for an operation the document lost); each recipe is
 * called through the gateway with real data made along the way (a tenant, its owner's token, a
 * project, a connected repository, an uploaded SARIF, an incident from a push-protection bypass, a
 * sync source with its rules), and the real answer is checked against the document as a generated
 * client would rely on it: the request body's media type and schema are the documented ones, the
 * status is documented for the operation, the {@code Content-Type} is a documented media type, and
 * the body validates against the documented schema ({@code $ref}s resolved in the document).
 *
 * <p>Recipes run in the order written, each with the status it should reach: every one reaches its
 * success (the connected repository's own GitHub is {@link FakePlatform}). Every operation is then
 * called once more with a token the gateway refuses, and its 401 is checked the same way: the error
 * body each operation documents is its API family's. Every mismatch is collected, so one run names
 * them all.
 */
class OpenApiOperationsThroughGatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Duration EVENTUAL = Duration.ofSeconds(90);

  private static final Path RULES =
      Path.of(System.getProperty("vigil.conformance.scanner", "/work/shared/conformance/scanner"))
          .resolve("rules");
  private static final String SYNC_CONFIG =
      "event_sink_keys:\n"
          + "  low_severity_alerts: [{sink_id: 22222222-2222-2222-2222-222222222222}]\n"
          + "  medium_severity_alerts: [{sink_id: 33333333-3333-3333-3333-333333333333}]\n"
          + "  high_severity_alerts: [{sink_id: 44444444-4444-4444-4444-444444444444}]\n";

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private String gateway;
  private String operator;
  private final String platformToken = "ghp_" + UUID.randomUUID().toString().replace("-", "");
  private JsonNode document;

  /** Values one recipe learns and a later one uses (ids, tokens); a missing one fails clearly. */
  private final Map<String, String> state = new LinkedHashMap<>();

  // --- the test ---------------------------------------------------------------------------------

  @Test
  void everyDocumentedOperationAnswersAsDocumented() throws Exception {
    assumeTrue(
        Files.isDirectory(RULES), "skipped: Scanner conformance rules not found at " + RULES);
    VigilSystem system = VigilSystem.get();
    gateway = system.gatewayUrl();
    operator = system.operatorToken().strip();
    document = completeDocument();
    // Kept beside the test's logs, to read when a check fails.
    Files.write(
        Path.of("target", "openapi-checked.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));

    Map<String, String> documented = new LinkedHashMap<>(); // normalized key -> as documented
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (String method : METHODS) {
        if (path.getValue().has(method)) {
          documented.put(
              key(method, path.getKey()), method.toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
    }
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    List<Recipe> recipes = recipes(suffix);
    Set<String> recipeKeys = new LinkedHashSet<>();
    List<String> failures = new ArrayList<>();
    for (Recipe recipe : recipes) {
      if (!recipeKeys.add(recipe.key())) {
        failures.add(recipe + ": two recipes for one operation");
      }
    }
    Set<String> withoutRecipe = new TreeSet<>();
    documented.forEach(
        (key, name) -> {
          if (!recipeKeys.contains(key)) {
            withoutRecipe.add(name);
          }
        });
    Set<String> notDocumented = new TreeSet<>();
    for (Recipe recipe : recipes) {
      if (!documented.containsKey(recipe.key())) {
        notDocumented.add(recipe.toString());
      }
    }

    int successes = 0;
    try (FakePlatform platform =
        new FakePlatform(
            system.githubApiPort(),
            platformToken,
            "oa" + suffix + "/api",
            zipball(Map.of("README.md", "Nothing secret here.\n")))) {
      for (Recipe recipe : recipes) {
        if (!documented.containsKey(recipe.key())) {
          continue;
        }
        try {
          run(recipe);
          successes++;
        } catch (AssertionError | RuntimeException e) {
          failures.add(recipe + ": " + e.getMessage());
          System.out.println("openapi mismatch: " + recipe + ": " + e.getMessage());
        }
      }
    }
    // Every operation's refusal of a bad token: the gateway answers it in the route's family shape.
    int refusals = 0;
    for (String name : documented.values()) {
      String[] parts = name.split(" ", 2);
      try {
        Answer answer =
            send(call(parts[0], parts[1].replaceAll("\\{[^}/]*}", "x1"), "vgl_notarealtoken"));
        assertThat(answer.status()).as("status with a bad token").isEqualTo(401);
        checkResponse(operation(key(parts[0], parts[1])), answer);
        refusals++;
      } catch (AssertionError | RuntimeException e) {
        failures.add(name + " (bad token): " + e.getMessage());
        System.out.println("openapi mismatch: " + name + " (bad token): " + e.getMessage());
      }
    }
    System.out.printf(
        "openapi: %d documented operations; %d answered their success as documented, %d their 401"
            + " as documented; %d mismatches%n",
        documented.size(), successes, refusals, failures.size());

    assertThat(withoutRecipe)
        .as("documented operations without a call recipe in this test")
        .isEmpty();
    assertThat(notDocumented).as("recipes for operations /openapi does not document").isEmpty();
    assertThat(failures).as("operations whose real answer does not match /openapi").isEmpty();
  }

  /** {@code GET /openapi} once every service's document is in it. */
  private JsonNode completeDocument() throws Exception {
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    while (true) {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(URI.create(gateway + "/openapi"))
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 200) {
        JsonNode doc = JSON.readTree(response.body());
        if (!doc.has("x-vigil-missing-services")) {
          return doc;
        }
      }
      assertThat(System.nanoTime())
          .as("/openapi lists every service within %s", EVENTUAL)
          .isLessThan(deadline);
      Thread.sleep(1000);
    }
  }

  // --- the recipes ------------------------------------------------------------------------------

  private List<Recipe> recipes(String suffix) throws IOException {
    String slug = "oa-" + suffix;
    String org = "oa" + suffix;
    String repo = org + "/api";
    String repoPath = "/repos/" + org + "/api";
    String scanning = "/repos/{owner}/{repo}/code-scanning";
    String incident = "/v1/incidents/secrets/{incident_id}";
    String rule = Files.readString(RULES.resolve("01_1password_unusual_client.yml"));
    String upsertRule =
        Files.readString(RULES.resolve("08_cloudflare_bot_requests_numeric_filter.yml"));
    String githubToken = GitHubTokens.personalAccessToken(new Random(suffix.hashCode()));
    List<Recipe> r = new ArrayList<>();

    // Vigil's administration: the operator makes the tenant everything else runs in.
    r.add(
        new Recipe(
            "POST",
            "/vigil/v1/tenants",
            201,
            s ->
                json(
                    "POST",
                    "/vigil/v1/tenants",
                    operator,
                    Map.of(
                        "slug",
                        slug,
                        "plan",
                        "enterprise",
                        "owner_email",
                        "owner@" + slug + ".test")),
            body -> {
              state.put("tenant", body.path("tenant").path("id").asText());
              state.put("owner", body.path("token").path("token").asText());
            }));
    r.add(get("/vigil/v1/tenants", s -> call("GET", "/vigil/v1/tenants", operator)));
    r.add(
        get(
            "/vigil/v1/tenants/{tenant_slug}",
            s -> call("GET", "/vigil/v1/tenants/" + slug, operator)));
    r.add(
        new Recipe(
            "PATCH",
            "/vigil/v1/tenants/{tenant_slug}",
            200,
            s -> json("PATCH", "/vigil/v1/tenants/" + slug, operator, Map.of("plan", "enterprise")),
            null));
    r.add(
        new Recipe(
            "POST",
            "/vigil/v1/service-clients",
            201,
            s ->
                json(
                    "POST",
                    "/vigil/v1/service-clients",
                    operator,
                    Map.of(
                        "client_id",
                        "oa-" + suffix,
                        "service_name",
                        "sync-service",
                        "scopes",
                        List.of())),
            body -> state.put("client", body.path("client_id").asText())));
    r.add(
        get("/vigil/v1/service-clients", s -> call("GET", "/vigil/v1/service-clients", operator)));
    r.add(
        new Recipe(
            "DELETE",
            "/vigil/v1/service-clients/{client_id}",
            204,
            s -> call("DELETE", "/vigil/v1/service-clients/" + s.apply("client"), operator),
            null));
    r.add(
        new Recipe(
            "POST",
            "/vigil/v1/projects",
            201,
            s -> json("POST", "/vigil/v1/projects", s.apply("owner"), Map.of("name", "apps")),
            body -> state.put("project", body.path("id").asText())));
    r.add(get("/vigil/v1/projects", s -> call("GET", "/vigil/v1/projects", s.apply("owner"))));
    r.add(
        get(
            "/vigil/v1/projects/{project_id}",
            s -> call("GET", "/vigil/v1/projects/" + s.apply("project"), s.apply("owner"))));
    r.add(
        new Recipe(
            "PATCH",
            "/vigil/v1/projects/{project_id}",
            200,
            s ->
                json(
                    "PATCH",
                    "/vigil/v1/projects/" + s.apply("project"),
                    s.apply("owner"),
                    Map.of("name", "apps-renamed")),
            null));
    r.add(
        new Recipe(
            "DELETE",
            "/vigil/v1/projects/{project_id}",
            204,
            s -> {
              // A project of its own: the main one keeps its connection (which refuses a delete).
              JsonNode spare =
                  setup(
                      json("POST", "/vigil/v1/projects", s.apply("owner"), Map.of("name", "spare")),
                      201);
              return call(
                  "DELETE", "/vigil/v1/projects/" + spare.path("id").asText(), s.apply("owner"));
            },
            null));
    r.add(
        new Recipe(
            "POST",
            "/vigil/v1/members",
            201,
            s ->
                json(
                    "POST",
                    "/vigil/v1/members",
                    s.apply("owner"),
                    Map.of("email", "dev@" + slug + ".test", "role", "member")),
            body -> state.put("member", body.path("id").asText())));
    r.add(get("/vigil/v1/members", s -> call("GET", "/vigil/v1/members", s.apply("owner"))));
    r.add(
        get(
            "/vigil/v1/members/{member_id}",
            s -> call("GET", "/vigil/v1/members/" + s.apply("member"), s.apply("owner"))));
    r.add(
        new Recipe(
            "PATCH",
            "/vigil/v1/members/{member_id}",
            200,
            s ->
                json(
                    "PATCH",
                    "/vigil/v1/members/" + s.apply("member"),
                    s.apply("owner"),
                    Map.of("role", "manager")),
            null));
    r.add(
        new Recipe(
            "DELETE",
            "/vigil/v1/members/{member_id}",
            204,
            s -> call("DELETE", "/vigil/v1/members/" + s.apply("member"), s.apply("owner")),
            null));

    // GitGuardian's token API and health, served by the gateway.
    r.add(get("/v1/health", s -> call("GET", "/v1/health", s.apply("owner"))));
    r.add(get("/v1/token", s -> call("GET", "/v1/token", s.apply("owner"))));
    r.add(
        new Recipe(
            "POST",
            "/v1/api_tokens",
            201,
            s ->
                json(
                    "POST",
                    "/v1/api_tokens",
                    s.apply("owner"),
                    Map.of("name", "openapi check", "scopes", List.of("scan"))),
            body -> {
              state.put("token-id", body.path("id").asText());
              state.put("token", body.path("token").asText());
            }));
    r.add(get("/v1/api_tokens", s -> call("GET", "/v1/api_tokens", s.apply("owner"))));
    r.add(
        get(
            "/v1/api_tokens/{token_id}",
            s -> call("GET", "/v1/api_tokens/" + s.apply("token-id"), s.apply("owner"))));
    r.add(get("/v1/api_tokens/self", s -> call("GET", "/v1/api_tokens/self", s.apply("token"))));
    r.add(
        new Recipe(
            "DELETE",
            "/v1/api_tokens/{token_id}",
            204,
            s -> {
              JsonNode spare =
                  setup(
                      json(
                          "POST",
                          "/v1/api_tokens",
                          s.apply("owner"),
                          Map.of("name", "spare", "scopes", List.of("scan"))),
                      201);
              return call(
                  "DELETE", "/v1/api_tokens/" + spare.path("id").asText(), s.apply("owner"));
            },
            null));
    r.add(
        new Recipe(
            "DELETE",
            "/v1/api_tokens/self",
            204,
            s -> call("DELETE", "/v1/api_tokens/self", s.apply("token")),
            null));

    // GitHub: the server's meta, as GitHub Enterprise Server answers it.
    r.add(get("/meta", s -> call("GET", "/meta", s.apply("owner"))));

    // GitGuardian's scanning API (secrets-service).
    r.add(get("/v1/metadata", s -> call("GET", "/v1/metadata", s.apply("owner"))));
    r.add(get("/v1/quotas", s -> call("GET", "/v1/quotas", s.apply("owner"))));
    r.add(
        new Recipe(
            "POST",
            "/v1/scan",
            200,
            s ->
                json(
                    "POST",
                    "/v1/scan",
                    s.apply("owner"),
                    Map.of(
                        "filename",
                        "config.env",
                        "document",
                        "GITHUB_TOKEN=" + githubToken + "\n")),
            null));
    r.add(
        new Recipe(
            "POST",
            "/v1/multiscan",
            200,
            s ->
                json(
                    "POST",
                    "/v1/multiscan",
                    s.apply("owner"),
                    List.of(
                        Map.of("filename", "a.env", "document", "TOKEN=" + githubToken + "\n"),
                        Map.of("document", "nothing to see\n"))),
            null));

    // SigSentry's repository connections (repo-config-service), on the tenant's project.
    Map<String, Object> connection = new LinkedHashMap<>();
    connection.put("platform", "github");
    connection.put("credentials", Map.of("token", platformToken));
    connection.put("repositories", List.of(repo));
    r.add(
        new Recipe(
            "POST",
            "/v1/config/repos",
            201,
            s ->
                json("POST", "/v1/config/repos", s.apply("owner"), connection)
                    .project(s.apply("project")),
            body -> state.put("connection", body.path("data").path("id").asText())));
    r.add(
        get(
            "/v1/config/repos",
            s -> call("GET", "/v1/config/repos", s.apply("owner")).project(s.apply("project"))));
    r.add(
        get(
            "/v1/config/repos/{id}",
            s ->
                call("GET", "/v1/config/repos/" + s.apply("connection"), s.apply("owner"))
                    .project(s.apply("project"))));
    r.add(
        new Recipe(
            "PUT",
            "/v1/config/repos/{id}",
            200,
            s ->
                json(
                        "PUT",
                        "/v1/config/repos/" + s.apply("connection"),
                        s.apply("owner"),
                        connection)
                    .project(s.apply("project")),
            null));
    r.add(
        new Recipe(
            "POST",
            "/v1/config/repos/{id}/invalidate-cache",
            200,
            s ->
                call(
                        "POST",
                        "/v1/config/repos/" + s.apply("connection") + "/invalidate-cache",
                        s.apply("owner"))
                    .project(s.apply("project")),
            null));
    r.add(
        new Recipe(
            "DELETE",
            "/v1/config/repos/{id}",
            200,
            s -> {
              // A connection of its own: the main one stays for the code-scanning calls.
              Map<String, Object> spare = new LinkedHashMap<>(connection);
              spare.put("repositories", List.of(org + "/spare"));
              JsonNode created =
                  setup(
                      json("POST", "/v1/config/repos", s.apply("owner"), spare)
                          .project(s.apply("project")),
                      201);
              return call(
                      "DELETE",
                      "/v1/config/repos/" + created.path("data").path("id").asText(),
                      s.apply("owner"))
                  .project(s.apply("project"));
            },
            null));

    // GitHub code scanning (scanning-service), on the connected repository.
    r.add(
        new Recipe(
            "POST",
            scanning + "/sarifs",
            202,
            s -> {
              eventually(
                  "scanning-service knows " + repo,
                  () ->
                      status(call("GET", repoPath + "/code-scanning/alerts", s.apply("owner")))
                          == 200);
              return json(
                  "POST",
                  repoPath + "/code-scanning/sarifs",
                  s.apply("owner"),
                  Map.of(
                      "commit_sha",
                      "a".repeat(40),
                      "ref",
                      "refs/heads/main",
                      "sarif",
                      SarifSamples.encode(
                          SarifSamples.sarif(
                              "demo-scanner",
                              null,
                              List.of(SarifSamples.rule("js/eval", "error", "8.1")),
                              List.of(SarifSamples.result("js/eval", "src/app.js", 3, "h1"))))));
            },
            body -> state.put("sarif", body.path("id").asText())));
    r.add(
        get(
            scanning + "/sarifs/{sarif_id}",
            s -> {
              String url = repoPath + "/code-scanning/sarifs/" + s.apply("sarif");
              eventually(
                  "the SARIF upload is processed",
                  () -> {
                    JsonNode status = setupQuietly(call("GET", url, s.apply("owner")));
                    return status != null
                        && "complete".equals(status.path("processing_status").asText());
                  });
              return call("GET", url, s.apply("owner"));
            }));
    r.add(
        new Recipe(
            "GET",
            scanning + "/analyses",
            200,
            s -> call("GET", repoPath + "/code-scanning/analyses", s.apply("owner")),
            body -> state.put("analysis", body.path(0).path("id").asText())));
    r.add(
        get(
            scanning + "/analyses/{analysis_id}",
            s ->
                call(
                    "GET",
                    repoPath + "/code-scanning/analyses/" + s.apply("analysis"),
                    s.apply("owner"))));
    r.add(
        new Recipe(
            "GET",
            scanning + "/alerts",
            200,
            s -> call("GET", repoPath + "/code-scanning/alerts", s.apply("owner")),
            body -> state.put("alert", body.path(0).path("number").asText())));
    r.add(
        get(
            scanning + "/alerts/{alert_number}",
            s ->
                call(
                    "GET",
                    repoPath + "/code-scanning/alerts/" + s.apply("alert"),
                    s.apply("owner"))));
    r.add(
        new Recipe(
            "PATCH",
            scanning + "/alerts/{alert_number}",
            200,
            s ->
                json(
                    "PATCH",
                    repoPath + "/code-scanning/alerts/" + s.apply("alert"),
                    s.apply("owner"),
                    Map.of("state", "dismissed", "dismissed_reason", "false positive")),
            null));
    r.add(
        get(
            scanning + "/alerts/{alert_number}/instances",
            s ->
                call(
                    "GET",
                    repoPath + "/code-scanning/alerts/" + s.apply("alert") + "/instances",
                    s.apply("owner"))));
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("action_name", "upload-sarif");
    report.put("action_ref", "v3");
    report.put("action_started_at", Instant.now().toString());
    report.put("analysis_key", ".github/workflows/scan.yml:scan");
    report.put("commit_oid", "b".repeat(40));
    report.put("ref", "refs/heads/main");
    report.put("workflow_run_id", 987654321L);
    report.put("workflow_run_attempt", 1);
    report.put("job_name", "scan");
    report.put("status", "starting");
    report.put("started_at", Instant.now().toString());
    r.add(
        new Recipe(
            "PUT",
            scanning + "/analysis/status",
            204,
            s -> json("PUT", repoPath + "/code-scanning/analysis/status", s.apply("owner"), report),
            null));
    Map<String, Object> upload = new LinkedHashMap<>();
    upload.put("commit_oid", "b".repeat(40));
    upload.put("ref", "refs/heads/main");
    upload.put("analysis_key", ".github/workflows/scan.yml:scan");
    upload.put("analysis_name", "Third-party scan");
    upload.put(
        "sarif",
        SarifSamples.encode(
            SarifSamples.sarif(
                "ThirdPartyScanner",
                "/language:java",
                List.of(SarifSamples.rule("tp/path-injection", "error", "7.5")),
                List.of(SarifSamples.result("tp/path-injection", "src/Files.java", 21, "tp:1")))));
    upload.put("workflow_run_id", 987654321L);
    upload.put("workflow_run_attempt", 1);
    upload.put("checkout_uri", "file:///runner/work/app/app");
    upload.put("environment", "null");
    upload.put("started_at", Instant.now().toString());
    upload.put("tool_names", List.of("ThirdPartyScanner"));
    r.add(
        new Recipe(
            "PUT",
            scanning + "/analysis",
            202,
            s -> json("PUT", repoPath + "/code-scanning/analysis", s.apply("owner"), upload),
            null));
    r.add(
        new Recipe(
            "DELETE",
            scanning + "/analyses/{analysis_id}",
            200,
            s ->
                call(
                    "DELETE",
                    repoPath
                        + "/code-scanning/analyses/"
                        + s.apply("analysis")
                        + "?confirm_delete=true",
                    s.apply("owner")),
            null));
    // Forwarded to the repository's own GitHub (FakePlatform) with the connection's token.
    r.add(
        get(
            "/repos/{owner}/{repo}/actions/runs/{run_id}",
            s -> call("GET", repoPath + "/actions/runs/" + FakePlatform.RUN_ID, s.apply("owner"))));

    // GitHub's secret-scanning pattern configurations (secrets-service).
    String enterprise = "/enterprises/{enterprise}/secret-scanning/pattern-configurations";
    String organization = "/orgs/{org}/secret-scanning/pattern-configurations";
    r.add(
        new Recipe(
            "GET",
            enterprise,
            200,
            s ->
                call(
                    "GET",
                    "/enterprises/" + slug + "/secret-scanning/pattern-configurations",
                    s.apply("owner")),
            body ->
                state.put("enterprise-version", body.path("pattern_config_version").asText(null))));
    r.add(
        new Recipe(
            "PATCH",
            enterprise,
            200,
            s -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("pattern_config_version", state.get("enterprise-version"));
              body.put(
                  "provider_pattern_settings",
                  List.of(
                      Map.of(
                          "token_type",
                          "GITHUB_ACCESS_TOKEN",
                          "push_protection_setting",
                          "enabled")));
              return json(
                  "PATCH",
                  "/enterprises/" + slug + "/secret-scanning/pattern-configurations",
                  s.apply("owner"),
                  body);
            },
            null));
    String orgUrl = "/orgs/" + org + "/secret-scanning/pattern-configurations";
    r.add(
        new Recipe(
            "GET",
            organization,
            200,
            s -> {
              eventually(
                  "secrets-service knows " + org,
                  () -> status(call("GET", orgUrl, s.apply("owner"))) == 200);
              return call("GET", orgUrl, s.apply("owner"));
            },
            body -> state.put("org-version", body.path("pattern_config_version").asText(null))));
    r.add(
        new Recipe(
            "PATCH",
            organization,
            200,
            s -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("pattern_config_version", state.get("org-version"));
              body.put(
                  "provider_pattern_settings",
                  List.of(
                      Map.of(
                          "token_type",
                          "GITHUB_ACCESS_TOKEN",
                          "push_protection_setting",
                          "enabled")));
              return json("PATCH", orgUrl, s.apply("owner"), body);
            },
            null));

    // Push protection: a blocked GitHub token, let in by a bypass, opens the incident used below.
    r.add(
        new Recipe(
            "POST",
            "/v1/push-protection/check",
            200,
            s ->
                json(
                    "POST",
                    "/v1/push-protection/check",
                    s.apply("owner"),
                    Map.of(
                        "repository",
                        repo,
                        "ref",
                        "refs/heads/main",
                        "commits",
                        List.of(
                            Map.of(
                                "sha",
                                "c".repeat(40),
                                "files",
                                List.of(
                                    Map.of(
                                        "path",
                                        "config.env",
                                        "content",
                                        "GITHUB_TOKEN=" + githubToken + "\n")))))),
            body ->
                state.put(
                    "placeholder", body.path("blocked").path(0).path("placeholder_id").asText())));
    r.add(
        new Recipe(
            "POST",
            "/v1/push-protection/bypasses",
            201,
            s ->
                json(
                    "POST",
                    "/v1/push-protection/bypasses",
                    s.apply("owner"),
                    Map.of(
                        "repository",
                        repo,
                        "placeholder_id",
                        s.apply("placeholder"),
                        "reason",
                        "used_in_tests")),
            body -> state.put("incident", body.path("incident_id").asText())));

    // GitGuardian's incidents (secrets-service), on that incident.
    r.add(
        get("/v1/incidents/secrets", s -> call("GET", "/v1/incidents/secrets", s.apply("owner"))));
    r.add(
        get(
            incident,
            s -> call("GET", "/v1/incidents/secrets/" + s.apply("incident"), s.apply("owner"))));
    r.add(
        new Recipe(
            "PATCH",
            incident,
            200,
            s ->
                json(
                    "PATCH",
                    "/v1/incidents/secrets/" + s.apply("incident"),
                    s.apply("owner"),
                    Map.of("severity", "high")),
            null));
    r.add(action(incident + "/assign", 200, s -> Map.of("email", "owner@" + slug + ".test")));
    r.add(action(incident + "/unassign", 200, null));
    r.add(action(incident + "/resolve", 200, s -> Map.of("secret_revoked", false)));
    r.add(action(incident + "/reopen", 200, null));
    r.add(action(incident + "/ignore", 200, s -> Map.of("ignore_reason", "test_credential")));
    r.add(action(incident + "/share", 200, s -> Map.of()));
    r.add(action(incident + "/unshare", 204, null));
    r.add(
        get(
            "/v1/occurrences/secrets",
            s -> call("GET", "/v1/occurrences/secrets", s.apply("owner"))));
    // A scan of the connected repository's default branch (FakePlatform serves its zipball).
    r.add(
        new Recipe(
            "POST",
            "/v1/secret-scans",
            202,
            s -> json("POST", "/v1/secret-scans", s.apply("owner"), Map.of("repository", repo)),
            body -> state.put("scan", body.path("id").asText())));
    r.add(
        get(
            "/v1/secret-scans/{scan_id}",
            s -> call("GET", "/v1/secret-scans/" + s.apply("scan"), s.apply("owner"))));

    // Vigil's custom patterns (secrets-service).
    String patterns = "/v1/secret-scanning/custom-patterns";
    r.add(
        new Recipe(
            "POST",
            patterns,
            201,
            s ->
                json(
                    "POST",
                    patterns,
                    s.apply("owner"),
                    Map.of(
                        "name",
                        "Acme key",
                        "secret_format",
                        "acme_[a-z0-9]{20}",
                        "test_strings",
                        List.of("key = acme_abcdefghij0123456789"))),
            body -> state.put("pattern", body.path("token_type").asText())));
    r.add(get(patterns, s -> call("GET", patterns, s.apply("owner"))));
    r.add(
        get(
            patterns + "/{token_type}",
            s -> call("GET", patterns + "/" + s.apply("pattern"), s.apply("owner"))));
    r.add(
        new Recipe(
            "DELETE",
            patterns + "/{token_type}",
            204,
            s -> call("DELETE", patterns + "/" + s.apply("pattern"), s.apply("owner")),
            null));

    // Scanner.dev's detection rules as code (sync-service).
    r.add(
        new Recipe(
            "POST",
            "/v1/detection_rule_yaml/validate",
            200,
            s ->
                raw(
                    "POST",
                    "/v1/detection_rule_yaml/validate",
                    s.apply("owner"),
                    "application/x-yaml",
                    rule),
            null));
    r.add(
        new Recipe(
            "POST",
            "/v1/detection_rule_yaml/run_tests",
            200,
            s ->
                raw(
                    "POST",
                    "/v1/detection_rule_yaml/run_tests",
                    s.apply("owner"),
                    "application/x-yaml",
                    rule),
            null));
    String pushKey = "openapi-" + suffix;
    r.add(
        new Recipe(
            "POST",
            "/v1/sync_sources",
            201,
            s ->
                json(
                    "POST",
                    "/v1/sync_sources",
                    s.apply("owner"),
                    Map.of("kind", "push", "push_key", pushKey, "branch", "main")),
            body -> state.put("source", body.path("sync_source").path("id").asText())));
    r.add(
        new Recipe(
            "POST",
            "/v1/upload_git_repo_zipball",
            200,
            s -> {
              Map<String, String> files = new LinkedHashMap<>();
              files.put("sync-config.yaml", SYNC_CONFIG);
              files.put("rules/a.yml", rule);
              return multipart(
                  "/v1/upload_git_repo_zipball",
                  s.apply("owner"),
                  Map.of(
                      "push_key",
                      pushKey,
                      "branch",
                      "main",
                      "commit_sha",
                      "d".repeat(40),
                      "commit_message",
                      "Add rules"),
                  zipball(files));
            },
            body -> {
              if (body.path("detection_rules_synced").asInt() < 1) {
                throw new AssertionError("the upload synced no rule: " + body);
              }
            }));
    r.add(get("/v1/sync_sources", s -> call("GET", "/v1/sync_sources", s.apply("owner"))));
    r.add(
        get(
            "/v1/sync_sources/{id}",
            s -> call("GET", "/v1/sync_sources/" + s.apply("source"), s.apply("owner"))));
    r.add(
        get(
            "/v1/sync_sources/{id}/attempts",
            s ->
                call(
                    "GET",
                    "/v1/sync_sources/" + s.apply("source") + "/attempts",
                    s.apply("owner"))));
    r.add(
        new Recipe(
            "GET",
            "/v1/sync_sources/{id}/detection_rules",
            200,
            s ->
                call(
                    "GET",
                    "/v1/sync_sources/" + s.apply("source") + "/detection_rules",
                    s.apply("owner")),
            body ->
                state.put(
                    "rule",
                    body.path("data").path("detection_rules").path(0).path("id").asText())));
    r.add(get("/v1/detection_rules", s -> call("GET", "/v1/detection_rules", s.apply("owner"))));
    r.add(
        get(
            "/v1/detection_rules/{id}",
            s -> call("GET", "/v1/detection_rules/" + s.apply("rule"), s.apply("owner"))));
    r.add(
        new Recipe(
            "POST",
            "/v1/detection_rule_yaml/upsert_by_push_key",
            200,
            s ->
                json(
                    "POST",
                    "/v1/detection_rule_yaml/upsert_by_push_key",
                    s.apply("owner"),
                    Map.of(
                        "rule_yaml",
                        upsertRule + "push_key: bots\n",
                        "sync_config_yaml",
                        SYNC_CONFIG)),
            null));
    r.add(
        new Recipe(
            "POST",
            "/v1/sync_github_repositories",
            200,
            s ->
                json(
                    "POST",
                    "/v1/sync_github_repositories",
                    s.apply("owner"),
                    Map.of("tenant_id", s.apply("tenant"))),
            null));
    r.add(
        new Recipe(
            "DELETE",
            "/v1/sync_sources/{id}",
            204,
            s -> call("DELETE", "/v1/sync_sources/" + s.apply("source"), s.apply("owner")),
            null));
    return r;
  }

  private Recipe get(String template, Function<Function<String, String>, Call> request) {
    return new Recipe("GET", template, 200, request, null);
  }

  /** An incident action: a POST with a JSON body ({@code body} null: none). */
  private Recipe action(
      String template, int expected, Function<Function<String, String>, Object> body) {
    String action = template.substring(template.lastIndexOf('/'));
    return new Recipe(
        "POST",
        template,
        expected,
        s -> {
          String path = "/v1/incidents/secrets/" + s.apply("incident") + action;
          return body == null
              ? call("POST", path, s.apply("owner"))
              : json("POST", path, s.apply("owner"), body.apply(s));
        },
        null);
  }

  // --- running and checking one recipe ----------------------------------------------------------

  /** One operation's call: how to make the request, what status it should get, what to keep. */
  private record Recipe(
      String method,
      String template,
      int expected,
      Function<Function<String, String>, Call> request,
      java.util.function.Consumer<JsonNode> keep) {

    String key() {
      return OpenApiOperationsThroughGatewayTest.key(method, template);
    }

    @Override
    public String toString() {
      return method + " " + template;
    }
  }

  /** A request to the gateway. */
  private record Call(
      String method, String path, String token, String contentType, byte[] body, String project) {
    Call project(String id) {
      return new Call(method, path, token, contentType, body, id);
    }
  }

  private record Answer(int status, String contentType, byte[] body) {}

  private Answer run(Recipe recipe) throws AssertionError {
    Call call = recipe.request().apply(this::required);
    JsonNode operation = operation(recipe.key());
    checkRequestBody(operation, call);
    Answer answer = send(call);
    if (recipe.keep() != null && answer.status() < 300 && answer.body().length > 0) {
      // Kept before the checks, so that one mismatch does not fail the recipes after it.
      recipe.keep().accept(parse(answer.body()));
    }
    String shown = new String(answer.body(), StandardCharsets.UTF_8);
    shown = shown.length() > 300 ? shown.substring(0, 300) + "…" : shown;
    assertThat(answer.status()).as("status: %s", shown).isEqualTo(recipe.expected());
    checkResponse(operation, answer);
    return answer;
  }

  /** The request body is one the operation documents, by media type and schema. */
  private void checkRequestBody(JsonNode operation, Call call) {
    JsonNode requestBody = resolve(operation.path("requestBody"));
    if (call.body() == null) {
      assertThat(requestBody.path("required").asBoolean(false))
          .as("the request body is documented as required, but the call works without one")
          .isFalse();
      return;
    }
    assertThat(requestBody.isMissingNode())
        .as("the operation takes a body (%s) but documents none", call.contentType())
        .isFalse();
    String sent = essence(call.contentType());
    JsonNode media = requestBody.path("content").path(sent);
    assertThat(media.isMissingNode())
        .as(
            "request media type %s is not documented (documented: %s)",
            sent, fieldNames(requestBody.path("content")))
        .isFalse();
    if (isJson(sent)) {
      assertThat(media.has("schema")).as("request body %s has no schema", sent).isTrue();
      Set<ValidationMessage> errors = validate(media.path("schema"), parse(call.body()));
      assertThat(errors).as("the request body does not match its documented schema").isEmpty();
    }
  }

  /** The status, Content-Type and body are documented for the operation. */
  private void checkResponse(JsonNode operation, Answer answer) {
    JsonNode responses = operation.path("responses");
    String status = Integer.toString(answer.status());
    JsonNode response = responses.get(status);
    if (response == null) {
      response = responses.get(status.charAt(0) + "XX");
    }
    if (response == null) {
      response = responses.get("default");
    }
    assertThat(response)
        .as("status %s is not documented (documented: %s)", status, fieldNames(responses))
        .isNotNull();
    response = resolve(response);
    JsonNode content = response.path("content");
    if (answer.body().length == 0) {
      assertThat(content.isMissingNode() || content.isEmpty())
          .as("%s documents a body (%s) but none came", status, fieldNames(content))
          .isTrue();
      return;
    }
    assertThat(content.isMissingNode() || content.isEmpty())
        .as("%s came with a body (%s) the document does not describe", status, answer.contentType())
        .isFalse();
    String type = essence(answer.contentType());
    JsonNode media = content.get(type);
    assertThat(media)
        .as(
            "%s: Content-Type %s is not documented (documented: %s)",
            status, answer.contentType(), fieldNames(content))
        .isNotNull();
    if (isJson(type)) {
      assertThat(media.has("schema")).as("%s %s has no schema", status, type).isTrue();
      JsonNode body = parse(answer.body());
      Set<ValidationMessage> errors = validate(media.path("schema"), body);
      String shown = body.toString();
      assertThat(errors)
          .as(
              "%s: the body does not match the documented schema: %s",
              status, shown.length() > 600 ? shown.substring(0, 600) + "…" : shown)
          .isEmpty();
    }
  }

  private JsonNode operation(String key) {
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (String method : METHODS) {
        if (path.getValue().has(method) && key(method, path.getKey()).equals(key)) {
          JsonNode operation = path.getValue().get(method);
          assertThat(operation.path("x-vigil-undocumented").asBoolean(false))
              .as("the operation's service does not document it")
              .isFalse();
          return operation;
        }
      }
    }
    throw new AssertionError("not in /openapi");
  }

  // --- JSON Schema validation against the document ----------------------------------------------

  private final Map<String, String> schemaDocuments = new LinkedHashMap<>();
  private JsonSchemaFactory factory;

  private Set<ValidationMessage> validate(JsonNode schema, JsonNode body) {
    if (factory == null) {
      boolean openApi31 = document.path("openapi").asText().startsWith("3.1");
      JsonMetaSchema meta = openApi31 ? OpenApi31.getInstance() : OpenApi30.getInstance();
      factory =
          JsonSchemaFactory.getInstance(
              openApi31 ? SpecVersion.VersionFlag.V202012 : SpecVersion.VersionFlag.V4,
              builder ->
                  builder
                      .metaSchema(meta)
                      .defaultMetaSchemaIri(meta.getIri())
                      .schemaLoaders(loaders -> loaders.schemas(schemaDocuments::get)));
    }
    // The schema inside a copy of the whole document, so that "#/components/..." resolves.
    String iri = "https://vigil.test/openapi-" + schemaDocuments.size() + ".json";
    ObjectNode copy = document.deepCopy();
    copy.set("x-vigil-schema", schema);
    schemaDocuments.put(iri, copy.toString());
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .nullableKeywordEnabled(true)
            .formatAssertionsEnabled(true)
            .build();
    return factory.getSchema(SchemaLocation.of(iri + "#/x-vigil-schema"), config).validate(body);
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    JsonNode target = document.at(ref.asText().substring(1));
    assertThat(target.isMissingNode()).as("unresolvable %s", ref).isFalse();
    return resolve(target);
  }

  // --- HTTP -------------------------------------------------------------------------------------

  private Call call(String method, String path, String token) {
    return new Call(method, path, token, null, null, null);
  }

  private Call json(String method, String path, String token, Object body) {
    try {
      return new Call(method, path, token, "application/json", JSON.writeValueAsBytes(body), null);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Call raw(String method, String path, String token, String contentType, String body) {
    return new Call(method, path, token, contentType, body.getBytes(StandardCharsets.UTF_8), null);
  }

  private Call multipart(String path, String token, Map<String, String> fields, byte[] zip) {
    String boundary = "vigil-" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    fields.forEach(
        (name, value) ->
            out.writeBytes(
                ("--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\""
                        + name
                        + "\"\r\n\r\n"
                        + value
                        + "\r\n")
                    .getBytes(StandardCharsets.UTF_8)));
    out.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"zip\"; filename=\"repo.zip\"\r\n"
                + "Content-Type: application/zip\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(zip);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return new Call(
        "POST", path, token, "multipart/form-data; boundary=" + boundary, out.toByteArray(), null);
  }

  private Answer send(Call call) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(gateway + call.path()))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + call.token())
            .header("Accept", "application/json")
            .method(
                call.method(),
                call.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(call.body()));
    if (call.contentType() != null) {
      request.header("Content-Type", call.contentType());
    }
    if (call.project() != null) {
      request.header("X-Project-Id", call.project());
    }
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new IllegalStateException(call.method() + " " + call.path() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A preparatory call that must succeed with {@code expected}; its body. */
  private JsonNode setup(Call call, int expected) {
    Answer answer = send(call);
    assertThat(answer.status())
        .as(
            "setup %s %s: %s",
            call.method(), call.path(), new String(answer.body(), StandardCharsets.UTF_8))
        .isEqualTo(expected);
    return parse(answer.body());
  }

  private JsonNode setupQuietly(Call call) {
    Answer answer = send(call);
    return answer.status() == 200 ? parse(answer.body()) : null;
  }

  private int status(Call call) {
    return send(call).status();
  }

  private String required(String name) {
    String value = state.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException("needs '" + name + "', which an earlier recipe did not get");
    }
    return value;
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** {@code GET /a/{x}/b} and {@code get /a/{y}/b} are one operation. */
  static String key(String method, String template) {
    return method.toUpperCase(Locale.ROOT) + " " + template.replaceAll("\\{[^}/]*}", "{}");
  }

  private static String essence(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  private static boolean isJson(String mediaType) {
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  private static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("the body is not JSON: " + new String(body, StandardCharsets.UTF_8));
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + EVENTUAL);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static byte[] zipball(Map<String, String> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      String top = "acme-detections-abcdef0/"; // as a GitHub zipball names its top folder
      zip.putNextEntry(new ZipEntry(top));
      for (Map.Entry<String, String> file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(top + file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
