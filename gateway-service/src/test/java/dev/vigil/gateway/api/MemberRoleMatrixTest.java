package dev.vigil.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.gateway.domain.MemberRole;
import dev.vigil.gateway.support.Api;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell of the role × action table in the gateway README, through HTTP. Each case makes a
 * member with the role under test and a token holding every scope that role allows, so what is
 * refused is refused because of the role, not the token.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class MemberRoleMatrixTest {

  private static Api.Tenant tenant;

  /** The member under test. */
  private record Actor(long memberId, String token) {}

  /** One row of the table: what is done and the expected outcome for owner … restricted. */
  private record Action(String name, BiFunction<Actor, Fixtures, String> run, String... outcomes) {}

  private static final List<Action> ACTIONS =
      List.of(
          new Action(
              "list the tenant's tokens",
              (a, f) -> {
                String other = f.tokenOf(f.member(MemberRole.MEMBER)).id();
                List<String> ids =
                    as(a)
                        .get("/v1/api_tokens?per_page=100&member_id=" + f.lastMember)
                        .jsonPath()
                        .getList("id", String.class);
                return ids.contains(other) ? "all" : "own";
              },
              "all",
              "all",
              "own",
              "own"),
          new Action(
              "read another member's token",
              (a, f) ->
                  status(
                      as(a).get("/v1/api_tokens/" + f.tokenOf(f.member(MemberRole.MEMBER)).id())),
              "200",
              "200",
              "404",
              "404"),
          new Action(
              "revoke own token",
              (a, f) -> status(as(a).delete("/v1/api_tokens/" + f.tokenOf(a.memberId()).id())),
              "204",
              "204",
              "204",
              "204"),
          new Action(
              "revoke a member's token",
              (a, f) ->
                  status(
                      as(a)
                          .delete("/v1/api_tokens/" + f.tokenOf(f.member(MemberRole.MEMBER)).id())),
              "204",
              "204",
              "404",
              "404"),
          new Action(
              "revoke an owner's token",
              (a, f) -> status(as(a).delete("/v1/api_tokens/" + f.tokenOf(tenant.ownerId()).id())),
              "204",
              "403",
              "404",
              "404"),
          new Action(
              "mint own token",
              (a, f) -> status(as(a).body(tokenRequest(null, "scan")).post("/v1/api_tokens")),
              "201",
              "201",
              "201",
              "201"),
          new Action(
              "mint own token with members:write",
              (a, f) ->
                  status(as(a).body(tokenRequest(null, "members:write")).post("/v1/api_tokens")),
              "201",
              "201",
              "400",
              "400"),
          new Action(
              "mint a token for a member",
              (a, f) ->
                  status(
                      as(a)
                          .body(tokenRequest(f.member(MemberRole.MEMBER), "scan"))
                          .post("/v1/api_tokens")),
              "201",
              "201",
              "403",
              "403"),
          new Action(
              "mint a token for an owner",
              (a, f) ->
                  status(as(a).body(tokenRequest(tenant.ownerId(), "scan")).post("/v1/api_tokens")),
              "201",
              "403",
              "403",
              "403"),
          new Action(
              "list members",
              (a, f) -> status(as(a).get("/vigil/v1/members")),
              "200",
              "200",
              "200",
              "403"),
          new Action(
              "add a member",
              (a, f) -> status(as(a).body(newMember("member")).post("/vigil/v1/members")),
              "201",
              "201",
              "403",
              "403"),
          new Action(
              "add an owner",
              (a, f) -> status(as(a).body(newMember("owner")).post("/vigil/v1/members")),
              "201",
              "403",
              "403",
              "403"),
          new Action(
              "promote a restricted member to member",
              (a, f) -> status(f.setRole(a, f.member(MemberRole.RESTRICTED), "member")),
              "200",
              "200",
              "403",
              "403"),
          new Action(
              "promote a member to owner",
              (a, f) -> status(f.setRole(a, f.member(MemberRole.MEMBER), "owner")),
              "200",
              "403",
              "403",
              "403"),
          new Action(
              "demote an owner",
              (a, f) -> status(f.setRole(a, f.member(MemberRole.OWNER), "member")),
              "200",
              "403",
              "403",
              "403"),
          new Action(
              "raise own role to owner",
              (a, f) -> status(f.setRole(a, a.memberId(), "owner")),
              "403",
              "403",
              "403",
              "403"),
          new Action(
              "delete a member",
              (a, f) -> status(as(a).delete("/vigil/v1/members/" + f.member(MemberRole.MEMBER))),
              "204",
              "204",
              "403",
              "403"),
          new Action(
              "delete an owner",
              (a, f) -> status(as(a).delete("/vigil/v1/members/" + f.member(MemberRole.OWNER))),
              "204",
              "403",
              "403",
              "403"),
          new Action(
              "list projects",
              (a, f) -> status(as(a).get("/vigil/v1/projects")),
              "200",
              "200",
              "200",
              "403"),
          new Action(
              "create a project",
              (a, f) ->
                  status(
                      as(a)
                          .body(Map.of("name", "p-" + UUID.randomUUID()))
                          .post("/vigil/v1/projects")),
              "201",
              "201",
              "403",
              "403"),
          new Action(
              "rename a project",
              (a, f) ->
                  status(
                      as(a)
                          .body(Map.of("name", "p-" + UUID.randomUUID()))
                          .patch("/vigil/v1/projects/" + f.project())),
              "200",
              "200",
              "403",
              "403"),
          new Action(
              "delete a project",
              (a, f) -> status(as(a).delete("/vigil/v1/projects/" + f.project())),
              "204",
              "204",
              "403",
              "403"));

  static Stream<Arguments> cells() {
    List<Arguments> cells = new ArrayList<>();
    for (Action action : ACTIONS) {
      for (MemberRole role : MemberRole.values()) {
        cells.add(Arguments.of(role, action.name(), action.outcomes()[role.ordinal()]));
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @MethodSource("cells")
  void roleDecides(MemberRole role, String actionName, String expected) {
    Action action = ACTIONS.stream().filter(a -> a.name().equals(actionName)).findFirst().get();
    Fixtures fixtures = new Fixtures();
    Actor actor = fixtures.actor(role);
    assertThat(action.run().apply(actor, fixtures))
        .as(role + ": " + actionName)
        .isEqualTo(expected);
  }

  @Test
  void aDemotedMembersTokensLoseAtOnceWhatTheNewRoleForbids() {
    Fixtures f = new Fixtures();
    Actor manager = f.actor(MemberRole.MANAGER);
    as(manager).body(newMember("member")).post("/vigil/v1/members").then().statusCode(201);

    owner().body(Map.of("role", "member")).patch("/vigil/v1/members/" + manager.memberId());
    Response refused = as(manager).body(newMember("member")).post("/vigil/v1/members");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.jsonPath().getString("error.code")).isEqualTo("FORBIDDEN");
    // What the member role still allows keeps working with the same token.
    as(manager).get("/vigil/v1/members").then().statusCode(200);
    as(manager).get("/v1/api_tokens/self").then().statusCode(200);

    owner().body(Map.of("role", "restricted")).patch("/vigil/v1/members/" + manager.memberId());
    as(manager).get("/vigil/v1/members").then().statusCode(403);

    owner().body(Map.of("role", "manager")).patch("/vigil/v1/members/" + manager.memberId());
    as(manager).body(newMember("member")).post("/vigil/v1/members").then().statusCode(201);
  }

  @Test
  void aTokenIsNeverMintedBeyondItsMembersRole() {
    Fixtures f = new Fixtures();
    long restricted = f.member(MemberRole.RESTRICTED);
    Response beyond = owner().body(tokenRequest(restricted, "members:read")).post("/v1/api_tokens");
    assertThat(beyond.statusCode()).isEqualTo(400);
    assertThat(beyond.jsonPath().getString("detail"))
        .isEqualTo("scopes: not allowed for the member's role (restricted): members:read.");
    owner()
        .body(tokenRequest(restricted, "incidents:read"))
        .post("/v1/api_tokens")
        .then()
        .statusCode(201);
  }

  /** Members, tokens and projects made by the tenant's owner for one case. */
  private static final class Fixtures {
    long lastMember;

    Actor actor(MemberRole role) {
      long id = member(role);
      List<String> scopes = role.allowedScopes().values();
      return new Actor(id, Api.newToken(tenant.ownerToken(), mint(id, scopes)).value());
    }

    long member(MemberRole role) {
      lastMember =
          owner()
              .body(newMember(role.value()))
              .post("/vigil/v1/members")
              .then()
              .statusCode(201)
              .extract()
              .jsonPath()
              .getLong("id");
      return lastMember;
    }

    Api.Token tokenOf(long memberId) {
      return Api.newToken(tenant.ownerToken(), mint(memberId, List.of("scan")));
    }

    String project() {
      return Api.newProject(tenant.ownerToken(), "p-" + UUID.randomUUID());
    }

    Response setRole(Actor actor, long memberId, String role) {
      return as(actor).body(Map.of("role", role)).patch("/vigil/v1/members/" + memberId);
    }
  }

  private static synchronized Api.Tenant tenant() {
    if (tenant == null) {
      tenant = Api.newTenant();
    }
    return tenant;
  }

  private static RequestSpecification owner() {
    return given()
        .header("Authorization", "Token " + tenant().ownerToken())
        .contentType(ContentType.JSON);
  }

  private static RequestSpecification as(Actor actor) {
    tenant();
    return given().header("Authorization", "Token " + actor.token()).contentType(ContentType.JSON);
  }

  private static Map<String, Object> mint(long memberId, List<String> scopes) {
    Map<String, Object> request = new HashMap<>();
    request.put("name", "matrix");
    request.put("scopes", scopes);
    request.put("member_id", memberId);
    return request;
  }

  private static Map<String, Object> tokenRequest(Long memberId, String scope) {
    Map<String, Object> request = new HashMap<>();
    request.put("name", "minted");
    request.put("scopes", List.of(scope));
    if (memberId != null) {
      request.put("member_id", memberId);
    }
    return request;
  }

  private static Map<String, Object> newMember(String role) {
    return Map.of("email", "m-" + UUID.randomUUID() + "@matrix.test", "role", role);
  }

  private static String status(Response response) {
    return Integer.toString(response.statusCode());
  }
}
