package dev.vigil.system.repoconfig;

import static dev.vigil.system.repoconfig.Client.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's error statuses in SigSentry's shape {@code {"success":false,"error":{"code"}}} on
 * every route of {@code /v1/config/repos}, as a client of the gateway sees them: 401 UNAUTHORIZED
 * for a missing, malformed, forged or revoked token; 403 FORBIDDEN for a token without {@code
 * config:write} / {@code config:read} and for a pinned token aiming at another project; 400 for a
 * tenant-wide token that names no project; 404 NOT_FOUND for another tenant's or project's ids.
 */
class RepoAccessThroughGatewayTest {

  private static final Duration REVOCATION = Duration.ofSeconds(30);
  private static final String BODY = Client.github("ghp_access_check", "acme/api");

  private static Vigil.Tenant tenant;
  private static UUID project;
  private static Client writer;
  private static String id;

  @BeforeAll
  static void connectOne() {
    tenant = Vigil.get().tenant("enterprise");
    project = tenant.project();
    writer = tenant.token(project, "config:write").on(project);
    id = writer.connect(BODY);
  }

  /** Each route of the resource, called by {@code client}. */
  private static List<Function<Client, Response>> everyRoute() {
    return List.of(
        c -> c.post(BODY),
        Client::list,
        c -> c.get(id),
        c -> c.put(id, BODY),
        c -> c.delete(id),
        c -> c.invalidateCache(id));
  }

  @Test
  void missingOrInvalidTokenIsUnauthorizedOnEveryRoute() {
    Vigil.Token real = tenant.token(project, "config:write");
    // The last character changed: the checksum no longer matches.
    char last = real.value().charAt(real.value().length() - 1);
    String forged =
        real.value().substring(0, real.value().length() - 1) + (last == 'x' ? 'y' : 'x');
    List<Client> strangers =
        List.of(
            new Client(Vigil.get().gateway(), null, project),
            new Client(Vigil.get().gateway(), "vgl_notarealtoken", project),
            new Client(Vigil.get().gateway(), "not-a-token-at-all", project),
            new Client(Vigil.get().gateway(), forged, project));
    for (Client stranger : strangers) {
      for (Function<Client, Response> route : everyRoute()) {
        Response response = route.apply(stranger);
        assertError(response, 401, "UNAUTHORIZED");
        response.then().body("error.message", equalTo("Missing or invalid API key"));
      }
    }
    // Other schemes than Bearer/token/Token are no credentials either.
    Response basic =
        given()
            .baseUri(Vigil.get().gateway())
            .header("Authorization", "Basic " + real.value())
            .header("X-Project-Id", project.toString())
            .get(Vigil.REPOS);
    assertError(basic, 401, "UNAUTHORIZED");
    // Still there: nothing above reached the connection.
    writer.get(id).then().statusCode(200);
  }

  @Test
  void aRevokedTokenBecomesUnauthorized() throws InterruptedException {
    Vigil.Token token = tenant.token(project, "config:read");
    Client reader = token.on(project);
    reader.get(id).then().statusCode(200);
    token.revoke();
    // The gateway caches a token lookup for at most a second; then the revocation holds.
    long deadline = System.nanoTime() + REVOCATION.toNanos();
    Response response = reader.get(id);
    while (response.statusCode() == 200 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      response = reader.get(id);
    }
    assertError(response, 401, "UNAUTHORIZED");
  }

  @Test
  void aTokenWithoutConfigWriteMayReadButNotWrite() {
    Client reader = tenant.token(project, "config:read").on(project);
    for (Response response :
        List.of(
            reader.post(BODY),
            reader.put(id, BODY),
            reader.delete(id),
            reader.invalidateCache(id))) {
      assertError(response, 403, "FORBIDDEN");
      response.then().body("error.details.requiredScope", equalTo("config:write"));
    }
    reader.get(id).then().statusCode(200).body("data.id", equalTo(id));
    reader.list().then().statusCode(200).body("success", equalTo(true));
  }

  @Test
  void aTokenWithoutAnyConfigScopeIsForbiddenEverywhere() {
    Client other = tenant.token(project, "incidents:read", "scan").on(project);
    for (Function<Client, Response> route : everyRoute()) {
      assertError(route.apply(other), 403, "FORBIDDEN");
    }
    other.list().then().body("error.details.requiredScope", equalTo("config:read"));
    writer.get(id).then().statusCode(200);
  }

  @Test
  void aPinnedTokenCannotAimAtAnotherProject() {
    UUID sibling = tenant.project();
    for (UUID elsewhere : List.of(sibling, UUID.randomUUID())) {
      Client aimed = writer.on(elsewhere);
      for (Function<Client, Response> route : everyRoute()) {
        assertError(route.apply(aimed), 403, "FORBIDDEN");
      }
    }
    // Naming its own project, or none, is fine.
    writer.on(project).connect(Client.github("ghp_access_check", "acme/own-project"));
    writer.withoutProjectHeader().get(id).then().statusCode(200).body("data.id", equalTo(id));
    assertThat(tenant.owner(sibling).allIds()).isEmpty();
  }

  @Test
  void aTenantWideTokenMustNameAValidProjectOfItsTenant() {
    Client tenantWide = tenant.token(null, "config:write").on(project);
    tenantWide.get(id).then().statusCode(200).body("data.id", equalTo(id));

    // No X-Project-Id: the call would not say which project it acts on.
    for (Function<Client, Response> route : everyRoute()) {
      Response response = route.apply(tenantWide.withoutProjectHeader());
      assertError(response, 400, "VALIDATION_ERROR");
      assertThat(response.jsonPath().getList("error.details.field"))
          .containsExactly("X-Project-Id");
    }
    writer.get(id).then().statusCode(200);
  }

  @Test
  void anotherTenantsOrProjectsConnectionIsNotFound() {
    Vigil.Tenant stranger = Vigil.get().tenant("enterprise");
    UUID strangersProject = stranger.project();
    List<Client> others =
        List.of(
            stranger.token(strangersProject, "config:write").on(strangersProject),
            stranger.owner(strangersProject),
            // The same tenant, another project.
            tenant.owner(tenant.project()));
    for (Client other : others) {
      assertError(other.get(id), 404, "NOT_FOUND");
      assertError(other.put(id, BODY), 404, "NOT_FOUND");
      assertError(other.delete(id), 404, "NOT_FOUND");
      assertError(other.invalidateCache(id), 404, "NOT_FOUND");
      other.list().then().statusCode(200).body("data.size()", equalTo(0));
    }
    // A tenant-wide token naming another tenant's project finds no such project.
    Client aimed = stranger.owner(project);
    for (Function<Client, Response> route : everyRoute()) {
      assertError(route.apply(aimed), 404, "NOT_FOUND");
    }
    // Unknown ids.
    assertError(writer.get("rc_000000000000000000000000"), 404, "NOT_FOUND");
    assertError(writer.get("rc_notavalididatall"), 404, "NOT_FOUND");
    assertError(writer.delete("not-an-id"), 404, "NOT_FOUND");
    // Still there for its owner, unchanged.
    writer
        .get(id)
        .then()
        .statusCode(200)
        .body("data.repositories[0].fullName", equalTo("acme/api"));
  }

  @Test
  void malformedProjectHeaderIsAValidationError() {
    Client tenantWide = tenant.token(null, "config:read").on(project);
    Response response =
        given()
            .baseUri(tenantWide.gateway())
            .auth()
            .oauth2(tenantWide.token())
            .contentType(ContentType.JSON)
            .header("X-Project-Id", "not-a-uuid")
            .get(Vigil.REPOS);
    assertError(response, 400, "VALIDATION_ERROR");
  }
}
