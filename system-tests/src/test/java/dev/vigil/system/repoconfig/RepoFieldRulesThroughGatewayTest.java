package dev.vigil.system.repoconfig;

import static dev.vigil.system.repoconfig.Client.assertValidationError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field rule of the seed's request table (SigSentry {@code POST /v1/config/repos}), through
 * the gateway with a project-pinned {@code config:write} token: each invalid body is a 400
 * VALIDATION_ERROR in SigSentry's shape whose {@code details} name exactly the failing JSON paths;
 * each valid format of each platform is a 201.
 */
class RepoFieldRulesThroughGatewayTest {

  private static Client writer;

  @BeforeAll
  static void tenant() {
    // Enterprise: no repository quota, so the valid bodies below never run into it.
    writer = Vigil.get().tenant("enterprise").writerOnNewProject();
  }

  // --- invalid bodies ----------------------------------------------------------------------------

  static Stream<Arguments> invalidBodies() {
    return Stream.of(
        // platform: 'github' | 'gitlab' | 'bitbucket', required
        bad("platform missing", b -> b.remove("platform"), "platform"),
        bad("platform unknown", b -> b.put("platform", "svn"), "platform"),
        bad("platform is case-sensitive", b -> b.put("platform", "GitHub"), "platform"),
        bad("platform empty", b -> b.put("platform", ""), "platform"),
        bad("platform not a string", b -> b.put("platform", 1), "platform"),
        // credentials: required object, platform-specific
        bad("credentials missing", b -> b.remove("credentials"), "credentials"),
        bad("credentials not an object", b -> b.put("credentials", "ghp_x"), "credentials"),
        bad("github token missing", b -> b.put("credentials", Map.of()), "credentials.token"),
        bad("github token empty", b -> creds(b, "token", ""), "credentials.token"),
        bad("github token blank", b -> creds(b, "token", "   "), "credentials.token"),
        bad("github token with space", b -> creds(b, "token", "ghp_a b"), "credentials.token"),
        bad("github token non-ASCII", b -> creds(b, "token", "ghp_é"), "credentials.token"),
        bad("github token too long", b -> creds(b, "token", "x".repeat(1025)), "credentials.token"),
        bad("github token not a string", b -> creds(b, "token", 12), "credentials.token"),
        bad("github with username", b -> creds(b, "username", "me"), "credentials.username"),
        bad(
            "github with appPassword",
            b -> creds(b, "appPassword", "pw"),
            "credentials.appPassword"),
        bad("unknown credentials field", b -> creds(b, "password", "pw"), "credentials.password"),
        bad(
            "baseUrl http",
            b -> creds(b, "baseUrl", "http://github.example.com/api/v3"),
            "credentials.baseUrl"),
        bad(
            "baseUrl with user info",
            b -> creds(b, "baseUrl", "https://user:pw@github.example.com/api/v3"),
            "credentials.baseUrl"),
        bad(
            "baseUrl relative",
            b -> creds(b, "baseUrl", "github.example.com/api/v3"),
            "credentials.baseUrl"),
        bad(
            "baseUrl with query",
            b -> creds(b, "baseUrl", "https://github.example.com/api/v3?x=1"),
            "credentials.baseUrl"),
        bad(
            "gitlab baseUrl with fragment",
            b -> {
              gitlab(b);
              creds(b, "baseUrl", "https://gitlab.company.com/#x");
            },
            "credentials.baseUrl"),
        bad(
            "gitlab baseUrl http",
            b -> {
              gitlab(b);
              creds(b, "baseUrl", "http://gitlab.company.com");
            },
            "credentials.baseUrl"),
        bad(
            "gitlab with username",
            b -> {
              gitlab(b);
              creds(b, "username", "me");
            },
            "credentials.username"),
        bad("baseUrl not a string", b -> creds(b, "baseUrl", 443), "credentials.baseUrl"),
        bad("bitbucket appPassword empty", b -> bitbucket(b, "bot", ""), "credentials.appPassword"),
        bad(
            "bitbucket baseUrl http",
            b -> {
              bitbucket(b, "bot", "good-pw");
              creds(b, "baseUrl", "http://bitbucket.company.com");
            },
            "credentials.baseUrl"),
        bad(
            "bitbucket username missing",
            b -> bitbucket(b, null, "good-pw"),
            "credentials.username"),
        bad(
            "bitbucket appPassword missing",
            b -> bitbucket(b, "bot", null),
            "credentials.appPassword"),
        bad(
            "bitbucket username with colon",
            b -> bitbucket(b, "bot:x", "good-pw"),
            "credentials.username"),
        bad(
            "bitbucket username with space",
            b -> bitbucket(b, "my bot", "good-pw"),
            "credentials.username"),
        bad(
            "bitbucket with token",
            b -> {
              bitbucket(b, "bot", "good-pw");
              creds(b, "token", "t");
            },
            "credentials.token"),
        bad(
            "bitbucket with baseUrl",
            b -> {
              bitbucket(b, "bot", "good-pw");
              creds(b, "baseUrl", "https://bitbucket.company.com");
            },
            "credentials.baseUrl"),
        // repositories: string[] (≥ 1), platform format, no duplicates
        bad("repositories missing", b -> unmapped(b).remove("repositories"), "repositories"),
        bad("repositories empty", b -> repos(b), "repositories"),
        bad(
            "repositories not an array",
            b -> unmapped(b).put("repositories", "acme/api"),
            "repositories"),
        bad(
            "repository not a string",
            b -> unmapped(b).put("repositories", List.of(7)),
            "repositories[0]"),
        bad("repository null", b -> unmapped(b).put("repositories", nullList()), "repositories[0]"),
        bad(
            "more than 100 repositories",
            b ->
                unmapped(b)
                    .put(
                        "repositories",
                        IntStream.range(0, 101).mapToObj(i -> "acme/r" + i).toList()),
            "repositories"),
        bad("github without owner", b -> repos(b, "checkout-api"), "repositories[0]"),
        bad("github with subgroup", b -> repos(b, "acme/sub/api"), "repositories[0]"),
        bad("github owner leading hyphen", b -> repos(b, "-acme/api"), "repositories[0]"),
        bad("github owner double hyphen", b -> repos(b, "ac--me/api"), "repositories[0]"),
        bad("github owner too long", b -> repos(b, "a".repeat(40) + "/api"), "repositories[0]"),
        bad("github owner underscore", b -> repos(b, "ac_me/api"), "repositories[0]"),
        bad("github repo too long", b -> repos(b, "acme/" + "r".repeat(101)), "repositories[0]"),
        bad("github repo with space", b -> repos(b, "acme/check out"), "repositories[0]"),
        bad("github repo dot-dot", b -> repos(b, "acme/.."), "repositories[0]"),
        bad("github empty repo", b -> repos(b, "acme/"), "repositories[0]"),
        bad(
            "duplicate repositories, any case",
            b -> repos(b, "acme/api", "acme/web", "ACME/API"),
            "repositories[2]"),
        bad(
            "two bad repositories",
            b -> repos(b, "acme/ok", "bad", "also bad/x"),
            "repositories[1]",
            "repositories[2]"),
        bad(
            "gitlab single segment",
            b -> {
              gitlab(b);
              repos(b, "project");
            },
            "repositories[0]"),
        bad(
            "gitlab empty segment",
            b -> {
              gitlab(b);
              repos(b, "group//project");
            },
            "repositories[0]"),
        bad(
            "gitlab .git suffix",
            b -> {
              gitlab(b);
              repos(b, "group/project.git");
            },
            "repositories[0]"),
        bad(
            "gitlab segment starting with '-'",
            b -> {
              gitlab(b);
              repos(b, "group/-project");
            },
            "repositories[0]"),
        bad(
            "gitlab 21 segments",
            b -> {
              gitlab(b);
              repos(b, String.join("/", Collections.nCopies(21, "g")));
            },
            "repositories[0]"),
        bad(
            "bitbucket upper case",
            b -> {
              bitbucket(b, "bot", "good-pw");
              repos(b, "Acme/payments");
            },
            "repositories[0]"),
        bad(
            "bitbucket three segments",
            b -> {
              bitbucket(b, "bot", "good-pw");
              repos(b, "acme/team/payments");
            },
            "repositories[0]"),
        // serviceMappings: array of {serviceName, repo ∈ repositories, pathPrefix, defaultBranch}
        bad(
            "serviceMappings not an array",
            b -> b.put("serviceMappings", Map.of()),
            "serviceMappings"),
        bad(
            "mapping not an object",
            b -> b.put("serviceMappings", List.of("x")),
            "serviceMappings[0]"),
        bad(
            "serviceName missing",
            b -> mapping(b, "serviceName", null),
            "serviceMappings[0].serviceName"),
        bad(
            "serviceName empty",
            b -> mapping(b, "serviceName", ""),
            "serviceMappings[0].serviceName"),
        bad(
            "serviceName with space",
            b -> mapping(b, "serviceName", "checkout api"),
            "serviceMappings[0].serviceName"),
        bad(
            "serviceName too long",
            b -> mapping(b, "serviceName", "s".repeat(101)),
            "serviceMappings[0].serviceName"),
        bad("mapping repo missing", b -> mapping(b, "repo", null), "serviceMappings[0].repo"),
        bad(
            "mapping repo not connected",
            b -> mapping(b, "repo", "acme/other"),
            "serviceMappings[0].repo"),
        bad(
            "mapping repo in another case",
            b -> mapping(b, "repo", "ACME/checkout-api"),
            "serviceMappings[0].repo"),
        bad(
            "pathPrefix missing",
            b -> mapping(b, "pathPrefix", null),
            "serviceMappings[0].pathPrefix"),
        bad(
            "pathPrefix with ..",
            b -> mapping(b, "pathPrefix", "../x"),
            "serviceMappings[0].pathPrefix"),
        bad(
            "pathPrefix with inner ..",
            b -> mapping(b, "pathPrefix", "src/../../etc"),
            "serviceMappings[0].pathPrefix"),
        bad(
            "pathPrefix absolute",
            b -> mapping(b, "pathPrefix", "/src"),
            "serviceMappings[0].pathPrefix"),
        bad(
            "pathPrefix backslash",
            b -> mapping(b, "pathPrefix", "src\\x"),
            "serviceMappings[0].pathPrefix"),
        bad(
            "pathPrefix with ./",
            b -> mapping(b, "pathPrefix", "./src"),
            "serviceMappings[0].pathPrefix"),
        bad(
            "pathPrefix with //",
            b -> mapping(b, "pathPrefix", "src//x"),
            "serviceMappings[0].pathPrefix"),
        bad(
            "pathPrefix not a string",
            b -> mapping(b, "pathPrefix", 3),
            "serviceMappings[0].pathPrefix"),
        bad(
            "defaultBranch missing",
            b -> mapping(b, "defaultBranch", null),
            "serviceMappings[0].defaultBranch"),
        bad(
            "defaultBranch with ..",
            b -> mapping(b, "defaultBranch", "a..b"),
            "serviceMappings[0].defaultBranch"),
        bad(
            "defaultBranch with space",
            b -> mapping(b, "defaultBranch", "my branch"),
            "serviceMappings[0].defaultBranch"),
        bad(
            "defaultBranch starting with -",
            b -> mapping(b, "defaultBranch", "-main"),
            "serviceMappings[0].defaultBranch"),
        bad(
            "defaultBranch HEAD",
            b -> mapping(b, "defaultBranch", "HEAD"),
            "serviceMappings[0].defaultBranch"),
        bad(
            "defaultBranch .lock",
            b -> mapping(b, "defaultBranch", "feature/x.lock"),
            "serviceMappings[0].defaultBranch"),
        bad(
            "defaultBranch reflog syntax",
            b -> mapping(b, "defaultBranch", "main@{1}"),
            "serviceMappings[0].defaultBranch"),
        bad(
            "unknown mapping field",
            b -> mapping(b, "branch", "main"),
            "serviceMappings[0].branch"),
        bad(
            "duplicate repo and pathPrefix",
            b -> {
              Map<String, Object> m = validMapping();
              b.put("serviceMappings", List.of(m, new HashMap<>(m)));
            },
            "serviceMappings[1].pathPrefix"),
        // lookbackDays: int 1–365
        bad("lookbackDays 0", b -> b.put("lookbackDays", 0), "lookbackDays"),
        bad("lookbackDays 366", b -> b.put("lookbackDays", 366), "lookbackDays"),
        bad("lookbackDays negative", b -> b.put("lookbackDays", -5), "lookbackDays"),
        bad("lookbackDays huge", b -> b.put("lookbackDays", 99999999999L), "lookbackDays"),
        bad("lookbackDays string", b -> b.put("lookbackDays", "30"), "lookbackDays"),
        bad("lookbackDays fraction", b -> b.put("lookbackDays", 30.5), "lookbackDays"),
        bad("lookbackDays boolean", b -> b.put("lookbackDays", true), "lookbackDays"),
        // body
        bad("unknown top-level field", b -> b.put("name", "x"), "name"),
        bad(
            "several problems at once",
            b -> {
              b.put("platform", "svn");
              b.put("repositories", List.of());
              b.put("lookbackDays", 0);
              b.remove("serviceMappings");
            },
            "platform",
            "repositories",
            "lookbackDays"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBodies")
  void invalidBodyIsAValidationErrorNamingTheField(
      String name, Consumer<Map<String, Object>> change, List<String> fields) {
    Map<String, Object> body = validBody();
    change.accept(body);
    assertValidationError(writer.post(Vigil.json(body)), fields);
  }

  static Stream<Arguments> malformedBodies() {
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("blank", "   "),
        Arguments.of("not JSON", "platform=github"),
        Arguments.of("truncated", "{\"platform\": \"github\", \"credentials\": {\"token\": \"ghp_"),
        Arguments.of("array", "[]"),
        Arguments.of("string", "\"github\""),
        Arguments.of("null", "null"),
        Arguments.of("duplicate keys", "{\"platform\":\"github\",\"platform\":\"gitlab\"}"),
        Arguments.of("trailing data", "{\"platform\":\"github\"} {}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBodies")
  void malformedBodyIsAValidationErrorOnBody(String name, String body) {
    Response response = writer.post(body);
    assertValidationError(response, List.of("body"));
    assertThat(response.asString()).doesNotContain("ghp_");
  }

  @Test
  void putValidatesTheSameRulesButCredentialsAreOptional() {
    String id = writer.connect(Vigil.json(validBody()));
    Map<String, Object> body = validBody();
    body.remove("credentials");
    writer.put(id, Vigil.json(body)).then().statusCode(200);
    body.put("lookbackDays", 400);
    assertValidationError(writer.put(id, Vigil.json(body)), List.of("lookbackDays"));
    body.put("lookbackDays", 10);
    body.put("credentials", Map.of("token", ""));
    assertValidationError(writer.put(id, Vigil.json(body)), List.of("credentials.token"));
    body.put("credentials", Map.of("username", "bot", "appPassword", "pw"));
    assertValidationError(
        writer.put(id, Vigil.json(body)),
        List.of("credentials.token", "credentials.username", "credentials.appPassword"));
  }

  @Test
  void lookbackDaysDefaultsTo30AndKeepsTheValueSent() {
    Map<String, Object> body = validBody();
    body.remove("lookbackDays");
    String defaulted = writer.connect(Vigil.json(body));
    writer.get(defaulted).then().statusCode(200).body("data.lookbackDays", equalTo(30));
    body.put("lookbackDays", 365);
    String kept = writer.connect(Vigil.json(body));
    writer.get(kept).then().statusCode(200).body("data.lookbackDays", equalTo(365));
  }

  @Test
  void gitLabFullNamesMayBeUpTo1024Characters() {
    // Five nested segments: 255 + 255 + 255 + 254 + 1 characters and four slashes = 1024.
    String longest =
        String.join("/", "g".repeat(255), "s".repeat(255), "t".repeat(255), "u".repeat(254), "p");
    assertThat(longest).hasSize(1024);
    Map<String, Object> body = validBody();
    gitlab(body);
    repos(body, longest);
    String id = writer.connect(Vigil.json(body));
    writer
        .get(id)
        .then()
        .statusCode(200)
        .body("data.repositories[0].fullName", equalTo(longest))
        .body("data.serviceMappings[0].repo", equalTo(longest));

    repos(body, longest + "x");
    assertValidationError(writer.post(Vigil.json(body)), List.of("repositories[0]"));
  }

  // --- valid formats -----------------------------------------------------------------------------

  // Base URLs point at a closed local port: accepted connections get their metadata fetched in
  // the background, and tests never reach the internet.
  static Stream<Arguments> validBodies() {
    return Stream.of(
        ok("seed's GitHub example", b -> {}),
        ok(
            "seed's full example",
            b -> {
              repos(b, "acme/checkout-api", "acme/billing-worker");
              b.put(
                  "serviceMappings",
                  List.of(
                      Map.of(
                          "serviceName", "checkout-api",
                          "repo", "acme/checkout-api",
                          "pathPrefix", "src/",
                          "defaultBranch", "main"),
                      Map.of(
                          "serviceName", "billing-worker",
                          "repo", "acme/billing-worker",
                          "pathPrefix", "",
                          "defaultBranch", "main")));
            }),
        ok("github without mappings", b -> b.remove("serviceMappings")),
        ok(
            "github null optionals",
            b -> {
              b.put("serviceMappings", null);
              b.put("lookbackDays", null);
            }),
        ok(
            "github name rules",
            b -> {
              repos(
                  b,
                  "a/b",
                  "A-b-9/Repo.Name_1",
                  "o".repeat(39) + "/" + "r".repeat(100),
                  "acme/.github");
              b.remove("serviceMappings");
            }),
        ok(
            "GitHub Enterprise Server baseUrl",
            b -> creds(b, "baseUrl", "https://localhost:1/api/v3")),
        ok("lookbackDays 1", b -> b.put("lookbackDays", 1)),
        ok("lookbackDays 365", b -> b.put("lookbackDays", 365)),
        ok(
            "mapping details",
            b -> {
              repos(b, "acme/checkout-api");
              b.put(
                  "serviceMappings",
                  List.of(
                      Map.of(
                          "serviceName", "checkout.api_v2-x",
                          "repo", "acme/checkout-api",
                          "pathPrefix", "services/checkout/",
                          "defaultBranch", "release/2024.1-x"),
                      Map.of(
                          "serviceName", "checkout-root",
                          "repo", "acme/checkout-api",
                          "pathPrefix", "",
                          "defaultBranch", "main")));
            }),
        ok(
            "gitlab group/project",
            b -> {
              gitlab(b);
              repos(b, "acme/checkout-api");
            }),
        ok(
            "gitlab nested subgroups",
            b -> {
              gitlab(b);
              repos(b, "acme/platform/payments/checkout-api", "_grp/pro.ject-1");
              b.remove("serviceMappings");
            }),
        ok(
            "self-hosted GitLab baseUrl",
            b -> {
              gitlab(b);
              repos(b, "acme/checkout-api");
              creds(b, "baseUrl", "https://localhost:1/gitlab");
            }),
        ok(
            "bitbucket app password",
            b -> {
              bitbucket(b, "your-bitbucket-username", "good-app-password");
              repos(b, "acme/checkout-api");
            }),
        ok(
            "bitbucket slug rules",
            b -> {
              bitbucket(b, "bot", "good-app-password");
              repos(b, "acme_ws-1/repo.slug_x-1");
              b.remove("serviceMappings");
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validBodies")
  void validBodyIsCreated(String name, Consumer<Map<String, Object>> change) {
    Map<String, Object> body = validBody();
    change.accept(body);
    Response created = writer.post(Vigil.json(body));
    created
        .then()
        .statusCode(201)
        .body("success", equalTo(true))
        .body("data.id", matchesPattern("rc_[0-9A-Za-z]{24}"))
        .body("data.platform", equalTo(body.get("platform")));
    assertThat(created.jsonPath().getMap("data")).containsOnlyKeys("id", "platform");
    // What was sent is what is stored.
    Response stored = writer.get(created.jsonPath().getString("data.id"));
    stored.then().statusCode(200);
    assertThat(stored.jsonPath().getList("data.repositories.fullName"))
        .isEqualTo(body.get("repositories"));
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static Map<String, Object> validBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("platform", "github");
    body.put("credentials", new LinkedHashMap<>(Map.of("token", "ghp_good_validation")));
    body.put("repositories", List.of("acme/checkout-api"));
    body.put("serviceMappings", List.of(validMapping()));
    body.put("lookbackDays", 30);
    return body;
  }

  private static Map<String, Object> validMapping() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("serviceName", "checkout-api");
    m.put("repo", "acme/checkout-api");
    m.put("pathPrefix", "src/");
    m.put("defaultBranch", "main");
    return m;
  }

  @SuppressWarnings("unchecked")
  private static void creds(Map<String, Object> body, String field, Object value) {
    Map<String, Object> credentials = (Map<String, Object>) body.get("credentials");
    credentials.put(field, value);
  }

  private static void gitlab(Map<String, Object> body) {
    body.put("platform", "gitlab");
    body.put("credentials", new LinkedHashMap<>(Map.of("token", "glpat-good-validation")));
  }

  private static void bitbucket(Map<String, Object> body, String username, String appPassword) {
    body.put("platform", "bitbucket");
    Map<String, Object> credentials = new LinkedHashMap<>();
    if (username != null) {
      credentials.put("username", username);
    }
    if (appPassword != null) {
      credentials.put("appPassword", appPassword);
    }
    body.put("credentials", credentials);
    body.remove("serviceMappings");
  }

  // Without mappings, a broken repository list reports only its own problems.
  private static Map<String, Object> unmapped(Map<String, Object> body) {
    body.remove("serviceMappings");
    return body;
  }

  private static void repos(Map<String, Object> body, String... names) {
    body.put("repositories", Arrays.asList(names));
    if (names.length == 0) {
      body.remove("serviceMappings");
    }
    if (names.length > 0
        && body.get("serviceMappings") instanceof List<?> list
        && !list.isEmpty()) {
      Map<String, Object> m = validMapping();
      m.put("repo", names[0]);
      body.put("serviceMappings", List.of(m));
    }
  }

  private static void mapping(Map<String, Object> body, String field, Object value) {
    Map<String, Object> m = validMapping();
    if (value == null) {
      m.remove(field);
    } else {
      m.put(field, value);
    }
    body.put("serviceMappings", List.of(m));
  }

  private static List<Object> nullList() {
    List<Object> list = new ArrayList<>();
    list.add(null);
    return list;
  }

  private static Arguments bad(
      String name, Consumer<Map<String, Object>> change, String... fields) {
    return Arguments.of(name, change, List.of(fields));
  }

  private static Arguments ok(String name, Consumer<Map<String, Object>> change) {
    return Arguments.of(name, change);
  }
}
