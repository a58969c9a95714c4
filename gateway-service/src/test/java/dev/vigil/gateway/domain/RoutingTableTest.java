package dev.vigil.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.kit.errors.ApiFamily;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingTableTest {

  private static final RoutingTable TABLE = RoutingTable.standard();
  private static final String AUTH = "(authenticated)";
  private static final String OPERATOR = "(operator)";

  /** method, example path, backend, family, scope (or AUTH / OPERATOR), template. */
  static Stream<Arguments> everyRoute() {
    String cs = "/repos/octo-org/hello-world/code-scanning";
    String inc = "/v1/incidents/secrets/3759";
    return Stream.of(
        row("POST", cs + "/sarifs", Backend.SCANNING, ApiFamily.GITHUB, "security_events"),
        row("PUT", cs + "/analysis", Backend.SCANNING, ApiFamily.GITHUB, "security_events"),
        row("PUT", cs + "/analysis/status", Backend.SCANNING, ApiFamily.GITHUB, "security_events"),
        row(
            "GET",
            cs + "/sarifs/47177e22-5596-11eb-80a1-c1e54ef945c6",
            Backend.SCANNING,
            ApiFamily.GITHUB,
            "security_events:read"),
        row("GET", cs + "/analyses", Backend.SCANNING, ApiFamily.GITHUB, "security_events:read"),
        row("GET", cs + "/analyses/41", Backend.SCANNING, ApiFamily.GITHUB, "security_events:read"),
        row("DELETE", cs + "/analyses/41", Backend.SCANNING, ApiFamily.GITHUB, "security_events"),
        row("GET", cs + "/alerts", Backend.SCANNING, ApiFamily.GITHUB, "security_events:read"),
        row("GET", cs + "/alerts/42", Backend.SCANNING, ApiFamily.GITHUB, "security_events:read"),
        row("PATCH", cs + "/alerts/42", Backend.SCANNING, ApiFamily.GITHUB, "security_events"),
        row(
            "GET",
            cs + "/alerts/42/instances",
            Backend.SCANNING,
            ApiFamily.GITHUB,
            "security_events:read"),
        row("GET", "/meta", Backend.GATEWAY, ApiFamily.GITHUB, AUTH),
        row(
            "GET",
            "/repos/octo-org/hello-world/actions/runs/4242",
            Backend.REPO_CONFIG,
            ApiFamily.GITHUB,
            "security_events:read"),
        row(
            "GET",
            "/enterprises/acme/secret-scanning/pattern-configurations",
            Backend.SECRETS,
            ApiFamily.GITHUB,
            "admin:enterprise"),
        row(
            "PATCH",
            "/enterprises/acme/secret-scanning/pattern-configurations",
            Backend.SECRETS,
            ApiFamily.GITHUB,
            "admin:enterprise"),
        row(
            "GET",
            "/orgs/acme/secret-scanning/pattern-configurations",
            Backend.SECRETS,
            ApiFamily.GITHUB,
            "write:org"),
        row(
            "PATCH",
            "/orgs/acme/secret-scanning/pattern-configurations",
            Backend.SECRETS,
            ApiFamily.GITHUB,
            "write:org"),
        row("GET", "/v1/health", Backend.GATEWAY, ApiFamily.GITGUARDIAN, AUTH),
        row("GET", "/v1/api_tokens/self", Backend.GATEWAY, ApiFamily.GITGUARDIAN, AUTH),
        row("DELETE", "/v1/api_tokens/self", Backend.GATEWAY, ApiFamily.GITGUARDIAN, AUTH),
        row("GET", "/v1/api_tokens", Backend.GATEWAY, ApiFamily.GITGUARDIAN, "api_tokens:read"),
        row("POST", "/v1/api_tokens", Backend.GATEWAY, ApiFamily.GITGUARDIAN, "api_tokens:write"),
        row(
            "GET",
            "/v1/api_tokens/5ddaad0c-5a0c-4674-beb5-1cd198d13360",
            Backend.GATEWAY,
            ApiFamily.GITGUARDIAN,
            "api_tokens:read"),
        row(
            "DELETE",
            "/v1/api_tokens/5ddaad0c-5a0c-4674-beb5-1cd198d13360",
            Backend.GATEWAY,
            ApiFamily.GITGUARDIAN,
            "api_tokens:write"),
        row("GET", "/v1/token", Backend.GATEWAY, ApiFamily.GITGUARDIAN, AUTH),
        row("GET", "/v1/metadata", Backend.SECRETS, ApiFamily.GITGUARDIAN, AUTH),
        row("GET", "/v1/quotas", Backend.SECRETS, ApiFamily.GITGUARDIAN, AUTH),
        row("POST", "/v1/scan", Backend.SECRETS, ApiFamily.GITGUARDIAN, "scan"),
        row("POST", "/v1/multiscan", Backend.SECRETS, ApiFamily.GITGUARDIAN, "scan"),
        row(
            "GET",
            "/v1/incidents/secrets",
            Backend.SECRETS,
            ApiFamily.GITGUARDIAN,
            "incidents:read"),
        row("GET", inc, Backend.SECRETS, ApiFamily.GITGUARDIAN, "incidents:read"),
        row("PATCH", inc, Backend.SECRETS, ApiFamily.GITGUARDIAN, "incidents:write"),
        row("POST", inc + "/assign", Backend.SECRETS, ApiFamily.GITGUARDIAN, "incidents:write"),
        row("POST", inc + "/unassign", Backend.SECRETS, ApiFamily.GITGUARDIAN, "incidents:write"),
        row("POST", inc + "/resolve", Backend.SECRETS, ApiFamily.GITGUARDIAN, "incidents:write"),
        row("POST", inc + "/ignore", Backend.SECRETS, ApiFamily.GITGUARDIAN, "incidents:write"),
        row("POST", inc + "/reopen", Backend.SECRETS, ApiFamily.GITGUARDIAN, "incidents:write"),
        row("POST", inc + "/share", Backend.SECRETS, ApiFamily.GITGUARDIAN, "incidents:share"),
        row("POST", inc + "/unshare", Backend.SECRETS, ApiFamily.GITGUARDIAN, "incidents:share"),
        row(
            "GET",
            "/v1/occurrences/secrets",
            Backend.SECRETS,
            ApiFamily.GITGUARDIAN,
            "incidents:read"),
        row("POST", "/v1/secret-scans", Backend.SECRETS, ApiFamily.GITGUARDIAN, "incidents:write"),
        row("GET", "/v1/secret-scans/17", Backend.SECRETS, ApiFamily.GITGUARDIAN, "incidents:read"),
        row("POST", "/v1/config/repos", Backend.REPO_CONFIG, ApiFamily.SIGSENTRY, "config:write"),
        row("GET", "/v1/config/repos", Backend.REPO_CONFIG, ApiFamily.SIGSENTRY, "config:read"),
        row(
            "GET",
            "/v1/config/repos/rc_x1y2z3",
            Backend.REPO_CONFIG,
            ApiFamily.SIGSENTRY,
            "config:read"),
        row(
            "PUT",
            "/v1/config/repos/rc_x1y2z3",
            Backend.REPO_CONFIG,
            ApiFamily.SIGSENTRY,
            "config:write"),
        row(
            "DELETE",
            "/v1/config/repos/rc_x1y2z3",
            Backend.REPO_CONFIG,
            ApiFamily.SIGSENTRY,
            "config:write"),
        row(
            "POST",
            "/v1/config/repos/rc_x1y2z3/invalidate-cache",
            Backend.REPO_CONFIG,
            ApiFamily.SIGSENTRY,
            "config:write"),
        row(
            "POST",
            "/v1/sync_github_repositories",
            Backend.SYNC,
            ApiFamily.SCANNER,
            "detection_rules:sync"),
        row(
            "POST",
            "/v1/upload_git_repo_zipball",
            Backend.SYNC,
            ApiFamily.SCANNER,
            "detection_rules:sync"),
        row(
            "POST",
            "/v1/detection_rule_yaml/upsert_by_push_key",
            Backend.SYNC,
            ApiFamily.SCANNER,
            "detection_rules:sync"),
        row(
            "POST",
            "/v1/detection_rule_yaml/validate",
            Backend.SYNC,
            ApiFamily.SCANNER,
            "detection_rules:read"),
        row(
            "POST",
            "/v1/detection_rule_yaml/run_tests",
            Backend.SYNC,
            ApiFamily.SCANNER,
            "detection_rules:read"),
        row("POST", "/v1/sync_sources", Backend.SYNC, ApiFamily.SCANNER, "detection_rules:sync"),
        row("GET", "/v1/sync_sources", Backend.SYNC, ApiFamily.SCANNER, "detection_rules:read"),
        row(
            "GET",
            "/v1/sync_sources/5f0c6a52-3a37-4a56-9a8e-3c4b2f6f1d20",
            Backend.SYNC,
            ApiFamily.SCANNER,
            "detection_rules:read"),
        row(
            "DELETE",
            "/v1/sync_sources/5f0c6a52-3a37-4a56-9a8e-3c4b2f6f1d20",
            Backend.SYNC,
            ApiFamily.SCANNER,
            "detection_rules:sync"),
        row(
            "GET",
            "/v1/sync_sources/5f0c6a52-3a37-4a56-9a8e-3c4b2f6f1d20/attempts",
            Backend.SYNC,
            ApiFamily.SCANNER,
            "detection_rules:read"),
        row(
            "GET",
            "/v1/sync_sources/5f0c6a52-3a37-4a56-9a8e-3c4b2f6f1d20/detection_rules",
            Backend.SYNC,
            ApiFamily.SCANNER,
            "detection_rules:read"),
        row("GET", "/v1/detection_rules", Backend.SYNC, ApiFamily.SCANNER, "detection_rules:read"),
        row(
            "GET",
            "/v1/detection_rules/5f0c6a52-3a37-4a56-9a8e-3c4b2f6f1d21",
            Backend.SYNC,
            ApiFamily.SCANNER,
            "detection_rules:read"),
        row("POST", "/vigil/v1/tenants", Backend.GATEWAY, ApiFamily.VIGIL, OPERATOR),
        row("GET", "/vigil/v1/tenants", Backend.GATEWAY, ApiFamily.VIGIL, OPERATOR),
        row("GET", "/vigil/v1/tenants/acme", Backend.GATEWAY, ApiFamily.VIGIL, OPERATOR),
        row("PATCH", "/vigil/v1/tenants/acme", Backend.GATEWAY, ApiFamily.VIGIL, OPERATOR),
        row("POST", "/vigil/v1/service-clients", Backend.GATEWAY, ApiFamily.VIGIL, OPERATOR),
        row("GET", "/vigil/v1/service-clients", Backend.GATEWAY, ApiFamily.VIGIL, OPERATOR),
        row(
            "DELETE",
            "/vigil/v1/service-clients/sync-service",
            Backend.GATEWAY,
            ApiFamily.VIGIL,
            OPERATOR),
        row("GET", "/vigil/v1/projects", Backend.GATEWAY, ApiFamily.VIGIL, "projects:read"),
        row("POST", "/vigil/v1/projects", Backend.GATEWAY, ApiFamily.VIGIL, "projects:write"),
        row(
            "GET",
            "/vigil/v1/projects/10000000-0000-0000-0000-000000000001",
            Backend.GATEWAY,
            ApiFamily.VIGIL,
            "projects:read"),
        row(
            "PATCH",
            "/vigil/v1/projects/10000000-0000-0000-0000-000000000001",
            Backend.GATEWAY,
            ApiFamily.VIGIL,
            "projects:write"),
        row(
            "DELETE",
            "/vigil/v1/projects/10000000-0000-0000-0000-000000000001",
            Backend.GATEWAY,
            ApiFamily.VIGIL,
            "projects:write"),
        row("POST", "/v1/push-protection/check", Backend.SECRETS, ApiFamily.VIGIL, "scan"),
        row(
            "POST",
            "/v1/push-protection/bypasses",
            Backend.SECRETS,
            ApiFamily.VIGIL,
            "scan:create-incidents"),
        row("GET", "/v1/secret-scanning/custom-patterns", Backend.SECRETS, ApiFamily.VIGIL, AUTH),
        row("POST", "/v1/secret-scanning/custom-patterns", Backend.SECRETS, ApiFamily.VIGIL, AUTH),
        row(
            "GET",
            "/v1/secret-scanning/custom-patterns/cp_3",
            Backend.SECRETS,
            ApiFamily.VIGIL,
            AUTH),
        row(
            "DELETE",
            "/v1/secret-scanning/custom-patterns/cp_3",
            Backend.SECRETS,
            ApiFamily.VIGIL,
            AUTH),
        row("GET", "/vigil/v1/members", Backend.GATEWAY, ApiFamily.VIGIL, "members:read"),
        row("POST", "/vigil/v1/members", Backend.GATEWAY, ApiFamily.VIGIL, "members:write"),
        row("GET", "/vigil/v1/members/22015", Backend.GATEWAY, ApiFamily.VIGIL, "members:read"),
        row("PATCH", "/vigil/v1/members/22015", Backend.GATEWAY, ApiFamily.VIGIL, "members:write"),
        row(
            "DELETE",
            "/vigil/v1/members/22015",
            Backend.GATEWAY,
            ApiFamily.VIGIL,
            "members:write"));
  }

  private static Arguments row(
      String method, String path, Backend backend, ApiFamily family, String scope) {
    return Arguments.of(method, path, backend, family, scope);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyRoute")
  void matchesEveryRoute(
      String method, String path, Backend backend, ApiFamily family, String scope) {
    RouteLookup lookup = TABLE.match(method, path);
    assertThat(lookup).isInstanceOf(RouteLookup.Found.class);
    Route route = ((RouteLookup.Found) lookup).match().route();
    assertThat(route.method().name()).isEqualTo(method);
    assertThat(route.backend()).isEqualTo(backend);
    assertThat(route.family()).isEqualTo(family);
    assertThat(lookup.family()).isEqualTo(family);
    switch (scope) {
      case AUTH -> assertThat(route.access()).isEqualTo(Access.AUTHENTICATED);
      case OPERATOR -> assertThat(route.access()).isEqualTo(Access.OPERATOR);
      default -> assertThat(route.requiredScope().map(Scope::value)).contains(scope);
    }
    // Prefix guessing agrees with the table, so 404s near a route use the same error shape.
    assertThat(RoutingTable.familyForPath(path)).isEqualTo(family);
  }

  @Test
  void theTableCoversEveryDeclaredRoute() {
    Set<String> tested = new HashSet<>();
    everyRoute()
        .forEach(
            args -> {
              RouteLookup.Found found =
                  (RouteLookup.Found) TABLE.match((String) args.get()[0], (String) args.get()[1]);
              Route route = found.match().route();
              tested.add(route.method() + " " + route.pathTemplate());
            });
    Set<String> declared = new HashSet<>();
    TABLE.routes().forEach(r -> declared.add(r.method() + " " + r.pathTemplate()));
    assertThat(tested).isEqualTo(declared);
    assertThat(TABLE.routes()).hasSize(84);
  }

  @Test
  void everyOperationOfTheConformanceSubsetsIsRouted() {
    // github/openapi-subset.json and gitguardian/openapi-subset.json, every operation.
    List<String> operations =
        List.of(
            "POST /repos/{owner}/{repo}/code-scanning/sarifs",
            "GET /repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}",
            "GET /repos/{owner}/{repo}/code-scanning/analyses",
            "GET /repos/{owner}/{repo}/code-scanning/analyses/{analysis_id}",
            "DELETE /repos/{owner}/{repo}/code-scanning/analyses/{analysis_id}",
            "GET /repos/{owner}/{repo}/code-scanning/alerts",
            "GET /repos/{owner}/{repo}/code-scanning/alerts/{alert_number}",
            "PATCH /repos/{owner}/{repo}/code-scanning/alerts/{alert_number}",
            "GET /repos/{owner}/{repo}/code-scanning/alerts/{alert_number}/instances",
            "GET /enterprises/{enterprise}/secret-scanning/pattern-configurations",
            "PATCH /enterprises/{enterprise}/secret-scanning/pattern-configurations",
            "GET /orgs/{org}/secret-scanning/pattern-configurations",
            "PATCH /orgs/{org}/secret-scanning/pattern-configurations",
            "GET /v1/incidents/secrets",
            "GET /v1/incidents/secrets/{incident_id}",
            "PATCH /v1/incidents/secrets/{incident_id}",
            "POST /v1/incidents/secrets/{incident_id}/assign",
            "POST /v1/incidents/secrets/{incident_id}/unassign",
            "POST /v1/incidents/secrets/{incident_id}/resolve",
            "POST /v1/incidents/secrets/{incident_id}/ignore",
            "POST /v1/incidents/secrets/{incident_id}/reopen",
            "POST /v1/incidents/secrets/{incident_id}/share",
            "POST /v1/incidents/secrets/{incident_id}/unshare",
            "GET /v1/occurrences/secrets",
            "POST /v1/scan",
            "POST /v1/multiscan",
            "GET /v1/health");
    for (String operation : operations) {
      String[] parts = operation.split(" ");
      assertThat(TABLE.find(HttpMethod.valueOf(parts[0]), parts[1])).as(operation).isPresent();
    }
  }

  @Test
  void bindsDecodedPathVariables() {
    RouteMatch match =
        found("GET", "/repos/octo%2Dorg/hello-world/code-scanning/alerts/42/instances?ref=main");
    assertThat(match.pathVariables())
        .isEqualTo(Map.of("owner", "octo-org", "repo", "hello-world", "alert_number", "42"));
    assertThat(match.variable("alert_number")).contains("42");
    assertThat(match.rawPath())
        .isEqualTo("/repos/octo%2Dorg/hello-world/code-scanning/alerts/42/instances");
  }

  @Test
  void literalSegmentsWinOverVariables() {
    assertThat(found("GET", "/v1/api_tokens/self").route().operationId())
        .isEqualTo("self-retrieve-api-token");
    assertThat(found("GET", "/v1/api_tokens/someone").route().operationId())
        .isEqualTo("retrieve-api-token");
    assertThat(found("GET", "/v1/api_tokens/someone").pathVariables())
        .containsEntry("token_id", "someone");
  }

  @Test
  void unknownPathsAre404InTheirFamily() {
    assertThat(TABLE.match("GET", "/repos/o/r/code-scanning/nope"))
        .isEqualTo(new RouteLookup.NotFound(ApiFamily.GITHUB));
    assertThat(TABLE.match("GET", "/v1/teams"))
        .isEqualTo(new RouteLookup.NotFound(ApiFamily.GITGUARDIAN));
    assertThat(TABLE.match("GET", "/v1/config/quotas"))
        .isEqualTo(new RouteLookup.NotFound(ApiFamily.SIGSENTRY));
    assertThat(TABLE.match("GET", "/v1/detection_rule_yaml/nope"))
        .isEqualTo(new RouteLookup.NotFound(ApiFamily.SCANNER));
    assertThat(TABLE.match("GET", "/vigil/v1/nothing"))
        .isEqualTo(new RouteLookup.NotFound(ApiFamily.VIGIL));
    assertThat(TABLE.match("GET", "/")).isEqualTo(new RouteLookup.NotFound(ApiFamily.GITHUB));
    assertThat(TABLE.match("GET", "/v1/scan/extra")).isInstanceOf(RouteLookup.NotFound.class);
    assertThat(TABLE.match("GET", "/V1/health")).isInstanceOf(RouteLookup.NotFound.class);
    assertThat(TABLE.match("GET", "/v1/health").status()).isEqualTo(200);
    assertThat(TABLE.match("GET", "/v1/nope").status()).isEqualTo(404);
  }

  @Test
  void otherMethodsOnAKnownPathAre405() {
    RouteLookup lookup = TABLE.match("PUT", "/v1/api_tokens/self");
    assertThat(lookup)
        .isEqualTo(
            new RouteLookup.MethodNotAllowed(
                ApiFamily.GITGUARDIAN, Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE)));
    assertThat(lookup.status()).isEqualTo(405);
    assertThat(TABLE.match("GET", "/v1/scan"))
        .isEqualTo(
            new RouteLookup.MethodNotAllowed(ApiFamily.GITGUARDIAN, Set.of(HttpMethod.POST)));
    assertThat(TABLE.match("DELETE", "/repos/o/r/code-scanning/alerts/1"))
        .isEqualTo(
            new RouteLookup.MethodNotAllowed(
                ApiFamily.GITHUB, Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PATCH)));
    assertThat(TABLE.match("BREW", "/v1/config/repos"))
        .isEqualTo(
            new RouteLookup.MethodNotAllowed(
                ApiFamily.SIGSENTRY, Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST)));
    assertThat(TABLE.match("get", "/v1/health")).isInstanceOf(RouteLookup.MethodNotAllowed.class);
  }

  @Test
  void headIsServedByGet() {
    assertThat(found("HEAD", "/v1/health").route().method()).isEqualTo(HttpMethod.GET);
    assertThat(TABLE.match("HEAD", "/v1/scan")).isInstanceOf(RouteLookup.MethodNotAllowed.class);
  }

  @Test
  void oneTrailingSlashIsIgnored() {
    assertThat(found("GET", "/v1/health/").route().pathTemplate()).isEqualTo("/v1/health");
    assertThat(TABLE.match("GET", "/v1/health//"))
        .isEqualTo(
            new RouteLookup.Rejected(ApiFamily.GITGUARDIAN, RouteLookup.Rejected.Reason.MALFORMED));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/repos/../v1/api_tokens",
        "/repos/o/r/code-scanning/alerts/..",
        "/repos/o/./code-scanning/alerts",
        "/repos/%2e%2e/r/code-scanning/alerts",
        "/repos/%2E%2E/r/code-scanning/alerts",
        "/repos/.%2e/r/code-scanning/alerts",
        "/repos/o/..%2F..%2Fv1/code-scanning/alerts",
        "/repos/o/a%2F..%2Fb/code-scanning/alerts",
        "/repos/o/a%5C..%5Cb/code-scanning/alerts",
        "/v1/config/repos/..",
      })
  void traversalIsRejected(String path) {
    assertThat(TABLE.match("GET", path)).isInstanceOf(RouteLookup.Rejected.class);
    assertThat(((RouteLookup.Rejected) TABLE.match("GET", path)).reason())
        .isEqualTo(RouteLookup.Rejected.Reason.TRAVERSAL);
    assertThat(TABLE.match("GET", path).status()).isEqualTo(400);
  }

  @Test
  void encodedSlashIsDataNotASeparator() {
    // Would be .../alerts/42 if %2F split segments; it must not reach the alerts route.
    assertThat(TABLE.match("GET", "/repos/o/r/code-scanning%2Falerts"))
        .isInstanceOf(RouteLookup.NotFound.class);
    assertThat(TABLE.match("GET", "/repos/o/r%2Fcode-scanning/alerts"))
        .isInstanceOf(RouteLookup.NotFound.class);
    assertThat(TABLE.match("GET", "/v1%2Fhealth")).isInstanceOf(RouteLookup.NotFound.class);
    RouteMatch match = found("GET", "/repos/o/a%2Fb/code-scanning/alerts");
    assertThat(match.pathVariables()).containsEntry("repo", "a/b");
  }

  @Test
  void unsafeOrAmbiguousEncodingsAreRejected() {
    Map<String, RouteLookup.Rejected.Reason> cases =
        Map.ofEntries(
            Map.entry("", RouteLookup.Rejected.Reason.MALFORMED),
            Map.entry("v1/health", RouteLookup.Rejected.Reason.MALFORMED),
            Map.entry("//v1/health", RouteLookup.Rejected.Reason.MALFORMED),
            Map.entry("/v1//health", RouteLookup.Rejected.Reason.MALFORMED),
            Map.entry("/v1/he%lth", RouteLookup.Rejected.Reason.BAD_ENCODING),
            Map.entry("/v1/health%", RouteLookup.Rejected.Reason.BAD_ENCODING),
            Map.entry("/v1/health%2", RouteLookup.Rejected.Reason.BAD_ENCODING),
            Map.entry("/v1/health%252e", RouteLookup.Rejected.Reason.BAD_ENCODING),
            Map.entry("/v1/%C3%28", RouteLookup.Rejected.Reason.BAD_ENCODING),
            Map.entry("/v1/health%00", RouteLookup.Rejected.Reason.ILLEGAL_CHARACTER),
            Map.entry(
                "/v1/health%0d%0aX-Injected:1", RouteLookup.Rejected.Reason.ILLEGAL_CHARACTER),
            Map.entry("/v1/hea lth", RouteLookup.Rejected.Reason.ILLEGAL_CHARACTER),
            Map.entry("/v1\\health", RouteLookup.Rejected.Reason.ILLEGAL_CHARACTER),
            Map.entry("/v1/health;jsessionid=1", RouteLookup.Rejected.Reason.ILLEGAL_CHARACTER),
            Map.entry(
                "/repos/..;/v1/code-scanning/alerts",
                RouteLookup.Rejected.Reason.ILLEGAL_CHARACTER),
            Map.entry("/v1/héalth", RouteLookup.Rejected.Reason.ILLEGAL_CHARACTER),
            Map.entry(
                "/" + "a".repeat(RoutingTable.MAX_PATH_LENGTH),
                RouteLookup.Rejected.Reason.TOO_LONG),
            Map.entry(
                "/a".repeat(RoutingTable.MAX_SEGMENTS + 1), RouteLookup.Rejected.Reason.TOO_LONG));
    cases.forEach(
        (path, reason) ->
            assertThat(TABLE.match("GET", path))
                .as(path)
                .isEqualTo(new RouteLookup.Rejected(RoutingTable.familyForPath(path), reason)));
    assertThat(TABLE.match("GET", null))
        .isEqualTo(
            new RouteLookup.Rejected(ApiFamily.GITHUB, RouteLookup.Rejected.Reason.MALFORMED));
  }

  @Test
  void decodedUnicodeIsAllowedInVariables() {
    assertThat(
            found("GET", "/orgs/%C3%A9quipe/secret-scanning/pattern-configurations")
                .pathVariables())
        .containsEntry("org", "équipe");
  }

  @Test
  void everyGitGuardianRouteAlsoAnswersUnderTheSelfHostedPrefix() {
    int aliased = 0;
    for (Route route : TABLE.routes()) {
      String concrete = route.pathTemplate().replaceAll("\\{[a-z_0-9]+}", "x1");
      RouteLookup lookup = TABLE.match(route.method(), "/exposed" + concrete);
      if (route.family() == ApiFamily.GITGUARDIAN) {
        assertThat(lookup).as(route.pathTemplate()).isInstanceOf(RouteLookup.Found.class);
        RouteMatch match = ((RouteLookup.Found) lookup).match();
        assertThat(match.route()).isEqualTo(route);
        assertThat(match.rawPath()).isEqualTo(concrete);
        aliased++;
      } else {
        assertThat(lookup.family()).as(route.pathTemplate()).isEqualTo(ApiFamily.GITGUARDIAN);
        assertThat(lookup).isNotInstanceOf(RouteLookup.Found.class);
      }
    }
    assertThat(aliased).isGreaterThanOrEqualTo(20);
    assertThat(TABLE.match("GET", "/exposed/v1/nothing"))
        .isEqualTo(new RouteLookup.NotFound(ApiFamily.GITGUARDIAN));
    assertThat(RoutingTable.familyForPath("/exposed")).isEqualTo(ApiFamily.GITGUARDIAN);
    // The canonical path keeps the query out and the variables as received.
    RouteMatch encoded =
        ((RouteLookup.Found) TABLE.match("GET", "/%65xposed/v1/api_tokens/abc?x=1")).match();
    assertThat(encoded.rawPath()).isEqualTo("/v1/api_tokens/abc");
  }

  @Test
  void familyGuessingByPrefix() {
    assertThat(RoutingTable.familyForPath("/repos/a/b/pulls")).isEqualTo(ApiFamily.GITHUB);
    assertThat(RoutingTable.familyForPath("/orgs/a")).isEqualTo(ApiFamily.GITHUB);
    assertThat(RoutingTable.familyForPath("/enterprises/a/x")).isEqualTo(ApiFamily.GITHUB);
    assertThat(RoutingTable.familyForPath("/rate_limit")).isEqualTo(ApiFamily.GITHUB);
    assertThat(RoutingTable.familyForPath("/")).isEqualTo(ApiFamily.GITHUB);
    assertThat(RoutingTable.familyForPath(null)).isEqualTo(ApiFamily.GITHUB);
    assertThat(RoutingTable.familyForPath("/v1/config")).isEqualTo(ApiFamily.SIGSENTRY);
    assertThat(RoutingTable.familyForPath("/v1/config/anything?x=1"))
        .isEqualTo(ApiFamily.SIGSENTRY);
    assertThat(RoutingTable.familyForPath("/v1/configuration")).isEqualTo(ApiFamily.GITGUARDIAN);
    assertThat(RoutingTable.familyForPath("/v1/detection_rules/1")).isEqualTo(ApiFamily.SCANNER);
    assertThat(RoutingTable.familyForPath("/v1/push-protection/x")).isEqualTo(ApiFamily.VIGIL);
    assertThat(RoutingTable.familyForPath("/v1/secret-scanning/custom-patterns/%00"))
        .isEqualTo(ApiFamily.VIGIL);
    assertThat(RoutingTable.familyForPath("/v1/upload_git_repo_zipball"))
        .isEqualTo(ApiFamily.SCANNER);
    assertThat(RoutingTable.familyForPath("/v1/sync_github_repositories"))
        .isEqualTo(ApiFamily.SCANNER);
    assertThat(RoutingTable.familyForPath("/v1")).isEqualTo(ApiFamily.GITGUARDIAN);
    assertThat(RoutingTable.familyForPath("/v1/members")).isEqualTo(ApiFamily.GITGUARDIAN);
    assertThat(RoutingTable.familyForPath("/v12/x")).isEqualTo(ApiFamily.GITHUB);
    assertThat(RoutingTable.familyForPath("/vigil/v1/x")).isEqualTo(ApiFamily.VIGIL);
    assertThat(RoutingTable.familyForPath("/vigilant")).isEqualTo(ApiFamily.GITHUB);
  }

  @Test
  void bodyLimitsTimeoutsAndFlags() {
    Route sarif = route(HttpMethod.POST, "/repos/{owner}/{repo}/code-scanning/sarifs");
    assertThat(sarif.bodyLimitBytes()).isEqualTo(40L * 1024 * 1024);
    assertThat(sarif.streaming()).isTrue();
    assertThat(sarif.rateResource()).isEqualTo(RateResource.CODE_SCANNING_UPLOAD);
    // Room for GitHub's 10 MB compressed SARIF once base64-encoded.
    assertThat(sarif.bodyLimitBytes()).isGreaterThan(10_000_000L * 4 / 3 + 64 * 1024);
    // codeql-action's upload is the same upload: same limit, streaming and budget.
    Route actions = route(HttpMethod.PUT, "/repos/{owner}/{repo}/code-scanning/analysis");
    assertThat(actions.bodyLimitBytes()).isEqualTo(sarif.bodyLimitBytes());
    assertThat(actions.streaming()).isTrue();
    assertThat(actions.rateResource()).isEqualTo(RateResource.CODE_SCANNING_UPLOAD);

    Route zip = route(HttpMethod.POST, "/v1/upload_git_repo_zipball");
    assertThat(zip.bodyLimitBytes()).isGreaterThan(50L * 1024 * 1024);
    assertThat(zip.streaming()).isTrue();
    assertThat(zip.timeout()).isEqualTo(Duration.ofMinutes(5));

    for (String scan : List.of("/v1/scan", "/v1/multiscan")) {
      assertThat(route(HttpMethod.POST, scan).bodyLimitBytes()).isEqualTo(26_214_400L);
    }
    assertThat(route(HttpMethod.PATCH, "/v1/incidents/secrets/{incident_id}").bodyLimitBytes())
        .isEqualTo(1024 * 1024);

    for (Route route : TABLE.routes()) {
      assertThat(route.projectScoped())
          .as(route.pathTemplate())
          .isEqualTo(route.family() == ApiFamily.SIGSENTRY);
      if (route.family() == ApiFamily.GITHUB && route != sarif && route != actions) {
        assertThat(route.rateResource()).isEqualTo(RateResource.CORE);
      }
      if (route.family() != ApiFamily.GITHUB) {
        assertThat(route.rateResource()).isEqualTo(RateResource.defaultFor(route.family()));
      }
      assertThat(route.bodyLimitBytes()).isPositive();
      assertThat(route.timeout()).isPositive();
    }
  }

  @Test
  void hostilePathsStayLinear() {
    String many = "/%2e".repeat(500) + "x".repeat(10);
    long start = System.nanoTime();
    for (int i = 0; i < 1_000; i++) {
      TABLE.match("GET", many);
      TABLE.match("GET", "/repos/" + "a".repeat(2000));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void invalidTablesAreRefused() {
    Route a =
        Route.builder(HttpMethod.GET, "/x/{id}")
            .to(Backend.SYNC, ApiFamily.SCANNER)
            .operationId("a")
            .access(Access.AUTHENTICATED)
            .build();
    Route sameAgain =
        Route.builder(HttpMethod.GET, "/x/{id}")
            .to(Backend.SYNC, ApiFamily.SCANNER)
            .operationId("b")
            .access(Access.AUTHENTICATED)
            .build();
    Route otherName =
        Route.builder(HttpMethod.POST, "/x/{key}")
            .to(Backend.SYNC, ApiFamily.SCANNER)
            .operationId("c")
            .access(Access.AUTHENTICATED)
            .build();
    Route otherFamily =
        Route.builder(HttpMethod.POST, "/x/{id}")
            .to(Backend.SYNC, ApiFamily.VIGIL)
            .operationId("d")
            .access(Access.AUTHENTICATED)
            .build();
    assertThatThrownBy(() -> new RoutingTable(List.of(a, sameAgain)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RoutingTable(List.of(a, otherName)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RoutingTable(List.of(a, otherFamily)))
        .isInstanceOf(IllegalArgumentException.class);
    for (String bad :
        List.of("x", "/", "/x/", "/x//y", "/x/{Id}", "/x/{}", "/x/../y", "/x/a%2Fb")) {
      Route route =
          Route.builder(HttpMethod.GET, bad)
              .to(Backend.SYNC, ApiFamily.SCANNER)
              .operationId("e")
              .access(Access.AUTHENTICATED)
              .build();
      assertThatThrownBy(() -> new RoutingTable(List.of(route)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void backendServiceNames() {
    assertThat(Backend.GATEWAY.serviceName()).isEqualTo("gateway-service");
    assertThat(Backend.SYNC.serviceName()).isEqualTo("sync-service");
    assertThat(Backend.SCANNING.serviceName()).isEqualTo("scanning-service");
    assertThat(Backend.SECRETS.serviceName()).isEqualTo("secrets-service");
    assertThat(Backend.REPO_CONFIG.serviceName()).isEqualTo("repo-config-service");
    assertThat(Backend.REPO_CONFIG.defaultPort()).isEqualTo(8084);
  }

  private static RouteMatch found(String method, String path) {
    RouteLookup lookup = TABLE.match(method, path);
    assertThat(lookup).as(method + " " + path).isInstanceOf(RouteLookup.Found.class);
    return ((RouteLookup.Found) lookup).match();
  }

  private static Route route(HttpMethod method, String template) {
    return TABLE.find(method, template).orElseThrow();
  }
}
