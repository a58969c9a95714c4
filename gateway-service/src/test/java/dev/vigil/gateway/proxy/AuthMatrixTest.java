package dev.vigil.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.gateway.domain.ApiTokenFormat;
import dev.vigil.gateway.domain.TokenHasher;
import dev.vigil.gateway.persistence.ApiTokenRepository;
import dev.vigil.gateway.security.GatewaySecrets;
import dev.vigil.gateway.support.Api;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.testkit.VigilTestResource;
import dev.vigil.testkit.contract.FamilyContentTypes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The authentication and authorization matrix, through the real proxy to real backends (echo
 * servers verifying the internal JWT): every scheme, every kind of bad token, missing scopes and
 * project pinning, each answered in its API family's own error shape.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class AuthMatrixTest {

  /** One endpoint per family, the scope it needs and the backend that serves it. */
  record Endpoint(
      String family, String method, String path, String scope, String backend, String body) {
    @Override
    public String toString() {
      return family + " " + method + " " + path;
    }
  }

  static Stream<Endpoint> endpoints() {
    return Stream.of(
        new Endpoint(
            "GITHUB",
            "GET",
            "/orgs/acme/secret-scanning/pattern-configurations",
            "write:org",
            GatewayTestResource.SECRETS,
            null),
        new Endpoint(
            "GITGUARDIAN",
            "GET",
            "/v1/incidents/secrets",
            "incidents:read",
            GatewayTestResource.SECRETS,
            null),
        new Endpoint(
            "SIGSENTRY",
            "GET",
            "/v1/config/repos",
            "config:read",
            GatewayTestResource.REPO_CONFIG,
            null),
        new Endpoint(
            "SCANNER",
            "POST",
            "/v1/sync_github_repositories",
            "detection_rules:sync",
            GatewayTestResource.SYNC,
            "{}"),
        new Endpoint("VIGIL", "GET", "/vigil/v1/projects", "projects:read", null, null));
  }

  /** Shared by the tests of this class: made once through the API. */
  private static Fixture fixture;

  record Fixture(
      Api.Tenant tenant,
      String project,
      Api.Tenant other,
      String otherProject,
      Map<String, String> tokenWithScope,
      String scanOnly,
      String expired,
      String revoked) {}

  @Inject ApiTokenRepository tokens;
  @Inject GatewaySecrets secrets;

  @BeforeEach
  void setUp() {
    if (fixture != null) {
      return;
    }
    Api.Tenant tenant = Api.newTenant();
    String project = Api.newProject(tenant.ownerToken(), "matrix");
    Api.Tenant other = Api.newTenant();
    String otherProject = Api.newProject(other.ownerToken(), "elsewhere");
    Map<String, String> withScope = new LinkedHashMap<>();
    endpoints()
        .forEach(
            e ->
                withScope.put(
                    e.scope(),
                    Api.newToken(tenant.ownerToken(), "with " + e.scope(), List.of(e.scope()))
                        .value()));
    String scanOnly = Api.newToken(tenant.ownerToken(), "scan only", List.of("scan")).value();
    List<String> all = endpoints().map(Endpoint::scope).toList();
    String expired =
        Api.storeToken(
                tokens,
                secrets,
                tenant,
                all,
                Instant.now().minus(Duration.ofHours(2)),
                Instant.now().minus(Duration.ofHours(1)),
                null)
            .value();
    Api.Token toRevoke = Api.newToken(tenant.ownerToken(), "to revoke", all);
    Api.as(tenant.ownerToken()).delete("/v1/api_tokens/" + toRevoke.id()).then().statusCode(204);
    fixture =
        new Fixture(
            tenant, project, other, otherProject, withScope, scanOnly, expired, toRevoke.value());
  }

  private static RequestSpecification request(Endpoint e, String authorization) {
    RequestSpecification spec = given();
    if (authorization != null) {
      spec.header("Authorization", authorization);
    }
    if (e.family().equals("SIGSENTRY")) {
      spec.header("X-Project-Id", fixture.project());
    }
    if (e.body() != null) {
      spec.contentType("application/json").body(e.body());
    }
    return spec;
  }

  private static Response call(Endpoint e, String authorization) {
    return request(e, authorization).request(e.method(), e.path());
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void eachSchemeIsAccepted(Endpoint e) {
    String token = fixture.tokenWithScope().get(e.scope());
    for (String scheme : List.of("Bearer", "token", "Token")) {
      Response response = call(e, scheme + " " + token);
      assertThat(response.statusCode()).as(scheme + " on " + e).isEqualTo(200);
      if (e.backend() != null) {
        JsonPath echo = response.jsonPath();
        assertThat(echo.getString("service")).isEqualTo(e.backend());
        assertThat(echo.getString("claims.aud")).isEqualTo(e.backend());
        assertThat(echo.getString("claims.tenant_id")).isEqualTo(fixture.tenant().id().toString());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void badCredentialsAre401InTheFamilyShape(Endpoint e) {
    String valid = fixture.tokenWithScope().get(e.scope());
    String unknown = new ApiTokenFormat(new TokenHasher(new byte[32])).generate().plaintext();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("no header", null);
    cases.put("other scheme", "Basic dXNlcjpwYXNz");
    cases.put("empty credential", "Bearer ");
    cases.put("malformed", "Bearer ghp_16C7e42F292c6912E7710c838347Ae178B4a");
    cases.put("truncated", "token " + valid.substring(0, valid.length() - 1));
    cases.put("bad checksum", "token " + flipLast(valid));
    cases.put("unknown", "Token " + unknown);
    cases.put("expired", "Bearer " + fixture.expired());
    cases.put("revoked", "Bearer " + fixture.revoked());
    cases.forEach(
        (name, header) -> {
          Response response = call(e, header);
          assertThat(response.statusCode()).as(name + " on " + e).isEqualTo(401);
          assertFamilyShape(e.family(), response, 401, name + " on " + e);
        });
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void missingScopeIs403InTheFamilyShape(Endpoint e) {
    Response response = call(e, "Bearer " + fixture.scanOnly());
    assertThat(response.statusCode()).as(e.toString()).isEqualTo(403);
    assertFamilyShape(e.family(), response, 403, e.toString());
    switch (e.family()) {
      case "GITHUB" -> {
        assertThat(response.getHeader("X-Accepted-OAuth-Scopes")).isEqualTo(e.scope());
        assertThat(response.getHeader("X-OAuth-Scopes")).isEqualTo("scan");
      }
      case "SIGSENTRY" ->
          assertThat(response.jsonPath().getString("error.details.requiredScope"))
              .isEqualTo(e.scope());
      case "SCANNER" -> assertThat(response.jsonPath().getString("error")).contains(e.scope());
      default -> {}
    }
  }

  @Test
  void aWriteScopeImpliesItsReadScope() {
    String writer =
        Api.newToken(fixture.tenant().ownerToken(), "incidents writer", List.of("incidents:write"))
            .value();
    JsonPath echo =
        Api.as(writer).get("/v1/incidents/secrets").then().statusCode(200).extract().jsonPath();
    assertThat(echo.getList("claims.groups", String.class))
        .containsExactlyInAnyOrder("incidents:write", "incidents:read");
  }

  @Test
  void unknownPathsAndMethodsAnswerInTheFamilyShape() {
    String token = fixture.tokenWithScope().get("incidents:read");
    Response github = Api.as(token).get("/repos/a/b/nothing-here");
    assertThat(github.statusCode()).isEqualTo(404);
    assertFamilyShape("GITHUB", github, 404, "github 404");
    Response gg = Api.as(token).get("/v1/nothing");
    assertThat(gg.statusCode()).isEqualTo(404);
    assertThat(gg.jsonPath().getString("detail")).isEqualTo("Not found.");
    Response sig = Api.as(token).get("/v1/config/nothing");
    assertThat(sig.statusCode()).isEqualTo(404);
    assertFamilyShape("SIGSENTRY", sig, 404, "sigsentry 404");
    Response notAllowed = Api.as(token).put("/v1/incidents/secrets");
    assertThat(notAllowed.statusCode()).isEqualTo(405);
    assertThat(notAllowed.getHeader("Allow")).isEqualTo("GET, HEAD");
    assertThat(notAllowed.jsonPath().getString("detail")).isEqualTo("Method \"PUT\" not allowed.");
    Response traversal =
        Api.as(token).urlEncodingEnabled(false).get("/v1/incidents/%2e%2e/secrets");
    assertThat(traversal.statusCode()).isEqualTo(400);
  }

  @Test
  void tenantWideTokenMustNameAProjectOfItsOwnTenant() {
    String token = fixture.tokenWithScope().get("config:read");
    Response none = given().header("Authorization", "Bearer " + token).get("/v1/config/repos");
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.jsonPath().getString("error.code")).isEqualTo("VALIDATION_ERROR");
    assertThat(none.jsonPath().getList("error.details.field")).containsExactly("X-Project-Id");
    assertThat(none.jsonPath().getList("error.details.code")).containsExactly("missing_field");

    JsonPath own =
        given()
            .header("Authorization", "Bearer " + token)
            .header("X-Project-Id", fixture.project())
            .get("/v1/config/repos")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(own.getList("headers.x-project-id", String.class))
        .containsExactly(fixture.project());
    assertThat(own.getString("claims.project_id")).isEqualTo(fixture.project());

    Response foreign =
        given()
            .header("Authorization", "Bearer " + token)
            .header("X-Project-Id", fixture.otherProject())
            .get("/v1/config/repos");
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertFamilyShape("SIGSENTRY", foreign, 404, "foreign project");

    Response unknown =
        given()
            .header("Authorization", "Bearer " + token)
            .header("X-Project-Id", UUID.randomUUID().toString())
            .get("/v1/config/repos");
    assertThat(unknown.statusCode()).isEqualTo(404);

    Response malformed =
        given()
            .header("Authorization", "Bearer " + token)
            .header("X-Project-Id", "not-a-uuid")
            .get("/v1/config/repos");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.jsonPath().getList("error.details.field")).containsExactly("X-Project-Id");
    assertThat(malformed.jsonPath().getList("error.details.code")).containsExactly("invalid");
  }

  @Test
  void pinnedTokenIsConfinedToItsProject() {
    String second = Api.newProject(fixture.tenant().ownerToken(), "second-" + UUID.randomUUID());
    String pinned =
        Api.pinnedToken(fixture.tenant().ownerToken(), fixture.project(), List.of("config:read"))
            .value();

    JsonPath implicit =
        given()
            .header("Authorization", "Bearer " + pinned)
            .get("/v1/config/repos")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(implicit.getList("headers.x-project-id", String.class))
        .containsExactly(fixture.project());
    assertThat(implicit.getString("claims.project_id")).isEqualTo(fixture.project());

    given()
        .header("Authorization", "Bearer " + pinned)
        .header("X-Project-Id", fixture.project())
        .get("/v1/config/repos")
        .then()
        .statusCode(200);

    Response elsewhere =
        given()
            .header("Authorization", "Bearer " + pinned)
            .header("X-Project-Id", second)
            .get("/v1/config/repos");
    assertThat(elsewhere.statusCode()).isEqualTo(403);
    assertThat(elsewhere.jsonPath().getString("error.code")).isEqualTo("FORBIDDEN");
    assertThat(elsewhere.jsonPath().getBoolean("success")).isFalse();
  }

  @Test
  void operatorTokenOpensOnlyTheOperatorApi() {
    Response asTenant = Api.as(Api.operatorToken()).get("/v1/incidents/secrets");
    assertThat(asTenant.statusCode()).isEqualTo(403);
    Response tenantToken =
        given()
            .header("Authorization", "Bearer " + fixture.tenant().ownerToken())
            .get("/vigil/v1/tenants");
    assertThat(tenantToken.statusCode()).isEqualTo(403);
    assertFamilyShape("VIGIL", tenantToken, 403, "tenant token on operator route");
  }

  static void assertFamilyShape(String family, Response response, int status, String what) {
    FamilyContentTypes.valueOf(family).check(what, response.contentType());
    JsonPath body = response.jsonPath();
    Map<String, Object> map = body.getMap("$");
    switch (family) {
      case "GITHUB" -> {
        assertThat(map).as(what).containsOnlyKeys("message", "documentation_url", "status");
        assertThat(body.getString("status")).isEqualTo(Integer.toString(status));
        if (status == 401) {
          assertThat(body.getString("message")).isEqualTo("Bad credentials");
        }
        assertThat(response.getHeader("X-GitHub-Request-Id")).as(what).isNotBlank();
      }
      case "GITGUARDIAN" -> {
        assertThat(map).as(what).containsOnlyKeys("detail");
        if (status == 401) {
          assertThat(body.getString("detail")).isEqualTo("Invalid API key.");
        }
      }
      case "SIGSENTRY" -> {
        assertThat(map).as(what).containsOnlyKeys("success", "error");
        assertThat(body.getBoolean("success")).isFalse();
        String expected =
            switch (status) {
              case 401 -> "UNAUTHORIZED";
              case 403 -> "FORBIDDEN";
              case 404 -> "NOT_FOUND";
              default -> body.getString("error.code");
            };
        assertThat(body.getString("error.code")).as(what).isEqualTo(expected);
        assertThat(body.getString("error.message")).isNotBlank();
      }
      case "SCANNER" -> {
        assertThat(map).as(what).containsOnlyKeys("error");
        assertThat(body.get("error") instanceof String).as(what).isTrue();
      }
      case "VIGIL" -> {
        assertThat(map).as(what).containsOnlyKeys("error");
        assertThat(body.getString("error.code")).isNotBlank();
        assertThat(body.getString("error.message")).isNotBlank();
      }
      default -> throw new IllegalArgumentException(family);
    }
    assertThat(response.getHeader("X-Request-Id")).as(what).isNotBlank();
  }

  private static String flipLast(String token) {
    char last = token.charAt(token.length() - 1);
    return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
  }
}
