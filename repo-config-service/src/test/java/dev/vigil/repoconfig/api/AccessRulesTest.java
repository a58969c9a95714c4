package dev.vigil.repoconfig.api;

import static dev.vigil.repoconfig.support.Api.REPOS;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.vigil.repoconfig.support.Api;
import dev.vigil.repoconfig.support.Api.Project;
import dev.vigil.repoconfig.support.FakePlatforms;
import dev.vigil.testkit.TestTokens;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The four error statuses of the seed in SigSentry's shape — 400 (project), 401, 403 (scope,
 * project mismatch), 404 (also for other tenants' and other projects' ids) — on every route.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(FakePlatforms.class)
class AccessRulesTest {

  private static final String BODY = Api.github("ghp_good_access", "acme/api");

  @Test
  void missingOrInvalidTokenIsUnauthorized() {
    String id = Project.fresh().connect(BODY);
    String[] bad = {
      TestTokens.forAudience(Api.AUDIENCE).scopes("config:write").signByStranger(),
      TestTokens.forAudience(Api.AUDIENCE)
          .scopes("config:write")
          .expiresIn(Duration.ofSeconds(-120))
          .sign(),
      TestTokens.forAudience("scanning-service").scopes("config:write").sign(),
      "not-a-jwt"
    };
    given()
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(REPOS)
        .then()
        .statusCode(401)
        .body("success", equalTo(false))
        .body("error.code", equalTo("UNAUTHORIZED"))
        .body("error.message", equalTo("Missing or invalid API key"));
    given().get(REPOS).then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
    given().get(REPOS + "/" + id).then().statusCode(401);
    given().delete(REPOS + "/" + id).then().statusCode(401);
    given().post(REPOS + "/" + id + "/invalidate-cache").then().statusCode(401);
    for (String token : bad) {
      given()
          .auth()
          .oauth2(token)
          .contentType(ContentType.JSON)
          .body(BODY)
          .post(REPOS)
          .then()
          .statusCode(401)
          .body("error.code", equalTo("UNAUTHORIZED"));
    }
  }

  @Test
  void missingScopeIsForbidden() {
    Project p = Project.fresh();
    String id = p.connect(BODY);
    // config:read may read but not write.
    p.reader()
        .body(BODY)
        .post(REPOS)
        .then()
        .statusCode(403)
        .body("error.code", equalTo("FORBIDDEN"));
    p.reader().body(BODY).put(REPOS + "/" + id).then().statusCode(403);
    p.reader().delete(REPOS + "/" + id).then().statusCode(403);
    p.reader().post(REPOS + "/" + id + "/invalidate-cache").then().statusCode(403);
    p.reader().get(REPOS + "/" + id).then().statusCode(200);
    p.reader().get(REPOS).then().statusCode(200);
    // Other scopes give nothing.
    p.as("incidents:read").get(REPOS).then().statusCode(403).body("success", equalTo(false));
    p.as().get(REPOS + "/" + id).then().statusCode(403).body("error.code", equalTo("FORBIDDEN"));
  }

  @Test
  void anotherTenantsOrProjectsConnectionIsNotFound() {
    Project owner = Project.fresh();
    String id = owner.connect(BODY);
    for (Project other : new Project[] {Project.fresh(), owner.sibling()}) {
      other
          .reader()
          .get(REPOS + "/" + id)
          .then()
          .statusCode(404)
          .body("error.code", equalTo("NOT_FOUND"));
      other.writer().body(BODY).put(REPOS + "/" + id).then().statusCode(404);
      other.writer().delete(REPOS + "/" + id).then().statusCode(404);
      other.writer().post(REPOS + "/" + id + "/invalidate-cache").then().statusCode(404);
      other.reader().get(REPOS).then().statusCode(200).body("data.size()", equalTo(0));
    }
    // Still there for its owner.
    owner.reader().get(REPOS + "/" + id).then().statusCode(200);
    owner.reader().get(REPOS + "/rc_notavalididatall").then().statusCode(404);
    owner.reader().get(REPOS + "/rc_000000000000000000000000").then().statusCode(404);
  }

  @Test
  void tenantWideTokensMustNameAProject() {
    UUID tenant = UUID.randomUUID();
    String tenantWide =
        TestTokens.forAudience(Api.AUDIENCE).tenant(tenant).scopes("config:write").sign();
    given()
        .auth()
        .oauth2(tenantWide)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(REPOS)
        .then()
        .statusCode(400)
        .body("error.code", equalTo("VALIDATION_ERROR"))
        .body("error.details.field", contains("X-Project-Id"));
    given().auth().oauth2(tenantWide).get(REPOS).then().statusCode(400);
  }

  @Test
  void aPinnedTokenCannotAimAtAnotherProject() {
    Project p = Project.fresh();
    p.writer()
        .header("X-Project-Id", UUID.randomUUID().toString())
        .body(BODY)
        .post(REPOS)
        .then()
        .statusCode(403)
        .body("error.code", equalTo("FORBIDDEN"));
    p.reader()
        .header("X-Project-Id", "not-a-uuid")
        .get(REPOS)
        .then()
        .statusCode(400)
        .body("error.details.field", contains("X-Project-Id"));
    // Naming its own project is fine.
    p.writer()
        .header("X-Project-Id", p.project().toString())
        .body(BODY)
        .post(REPOS)
        .then()
        .statusCode(201);
  }
}
