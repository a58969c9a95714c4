package dev.vigil.kit.testapp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.vigil.testkit.TestTokens;
import dev.vigil.testkit.VigilTestResource;
import dev.vigil.testkit.contract.FamilyContentTypes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The kit's JWT check, scope check and error bodies, per API family, over real HTTP. */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class ErrorShapesTest {

  private static final String AUDIENCE = "kit-test-service";

  private static String token(String... scopes) {
    return TestTokens.forAudience(AUDIENCE).scopes(scopes).sign();
  }

  @Test
  void missingTokenIsUnauthorizedInEachFamilysShape() {
    given()
        .get("/probe/github")
        .then()
        .statusCode(401)
        .body("message", equalTo("Bad credentials"))
        .body("documentation_url", notNullValue());
    given()
        .get("/probe/gitguardian")
        .then()
        .statusCode(401)
        .body("detail", equalTo("Invalid API key."));
    given()
        .get("/probe/sigsentry")
        .then()
        .statusCode(401)
        .body("success", equalTo(false))
        .body("error.code", equalTo("UNAUTHORIZED"));
    given().get("/probe/scanner").then().statusCode(401).body("error", notNullValue());
  }

  @Test
  void tokensNotSignedByTheGatewayOrExpiredOrForAnotherServiceAreRejected() {
    String stranger = TestTokens.forAudience(AUDIENCE).scopes("security_events").signByStranger();
    String expired =
        TestTokens.forAudience(AUDIENCE)
            .scopes("security_events")
            .expiresIn(Duration.ofSeconds(-120))
            .sign();
    String otherAudience =
        TestTokens.forAudience("scanning-service").scopes("security_events").sign();
    for (String bad : new String[] {stranger, expired, otherAudience, "not-a-jwt"}) {
      given()
          .auth()
          .oauth2(bad)
          .get("/probe/github")
          .then()
          .statusCode(401)
          .body("message", equalTo("Bad credentials"));
    }
  }

  @Test
  void missingScopeIsForbiddenInEachFamilysShape() {
    String noScopes = token("scan");
    given()
        .auth()
        .oauth2(noScopes)
        .get("/probe/github")
        .then()
        .statusCode(403)
        .body("message", notNullValue())
        .body("documentation_url", notNullValue());
    given()
        .auth()
        .oauth2(noScopes)
        .get("/probe/gitguardian")
        .then()
        .statusCode(403)
        .body("detail", notNullValue());
    given()
        .auth()
        .oauth2(noScopes)
        .get("/probe/sigsentry")
        .then()
        .statusCode(403)
        .body("error.code", equalTo("FORBIDDEN"));
    given()
        .auth()
        .oauth2(noScopes)
        .get("/probe/scanner")
        .then()
        .statusCode(403)
        .body("error", notNullValue());
  }

  @Test
  void everyAnswerCarriesItsFamilysExactContentType() {
    String all = token("security_events", "incidents:read", "config:read");
    for (String family : java.util.List.of("github", "gitguardian", "sigsentry")) {
      FamilyContentTypes expected = FamilyContentTypes.valueOf(family.toUpperCase());
      String ok =
          given()
              .auth()
              .oauth2(all)
              .get("/probe/" + family)
              .then()
              .statusCode(200)
              .extract()
              .contentType();
      expected.check(family + " 200", ok);
      String refused =
          given().get("/probe/" + family).then().statusCode(401).extract().contentType();
      expected.check(family + " 401", refused);
    }
    String sarif =
        given()
            .auth()
            .oauth2(all)
            .accept("application/sarif+json")
            .get("/probe/github/sarif")
            .then()
            .statusCode(200)
            .extract()
            .contentType();
    FamilyContentTypes.GITHUB.check("sarif view", "application/sarif+json", sarif);
  }

  @Test
  void validTokenReachesTheResourceWithItsPrincipal() {
    UUID tenant = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    String token =
        TestTokens.forAudience(AUDIENCE)
            .tenant(tenant)
            .member(42)
            .project(project)
            .scopes("security_events:read")
            .sign();
    given()
        .auth()
        .oauth2(token)
        .get("/probe/github")
        .then()
        .statusCode(200)
        .body("tenant", equalTo(tenant.toString()))
        .body("member", equalTo(42))
        .body("project", equalTo(project.toString()))
        .body("scopes", contains("security_events:read"));
  }

  @Test
  void validationFailuresNameTheFieldPaths() {
    String body =
        "{\"repositories\":[\"acme/api\",\"Not Valid\"],"
            + "\"serviceMappings\":[{\"serviceName\":\"\",\"pathPrefix\":\"../x\"}],\"lookbackDays\":400}";
    given()
        .auth()
        .oauth2(token("config:write"))
        .contentType(ContentType.JSON)
        .body(body)
        .post("/probe/sigsentry/validate")
        .then()
        .statusCode(400)
        .body("success", equalTo(false))
        .body("error.code", equalTo("VALIDATION_ERROR"))
        .body(
            "error.details.field",
            contains(
                "lookbackDays",
                "repositories[1]",
                "serviceMappings[0].pathPrefix",
                "serviceMappings[0].serviceName"));
    given()
        .auth()
        .oauth2(token("security_events"))
        .contentType(ContentType.JSON)
        .body(body)
        .post("/probe/github/validate")
        .then()
        .statusCode(422)
        .body("message", equalTo("Validation Failed"))
        .body(
            "errors.field",
            contains(
                "lookbackDays",
                "repositories[1]",
                "serviceMappings[0].pathPrefix",
                "serviceMappings[0].serviceName"));
  }

  @Test
  void malformedJsonIsABadRequestThatDoesNotEchoTheInput() {
    given()
        .auth()
        .oauth2(token("security_events"))
        .contentType(ContentType.JSON)
        .body("{\"repositories\": [ghp_secretvalue")
        .post("/probe/github/validate")
        .then()
        .statusCode(400)
        .body("message", equalTo("Problems parsing JSON"))
        .body(not(org.hamcrest.Matchers.containsString("ghp_secretvalue")));
  }

  @Test
  void apiExceptionDetailsAreRenderedForSigSentry() {
    given()
        .auth()
        .oauth2(token("config:write"))
        .get("/probe/sigsentry/quota")
        .then()
        .statusCode(403)
        .body("error.code", equalTo("QUOTA_EXCEEDED"))
        .body("error.details.limit", equalTo(5))
        .body("error.details.current", equalTo(5));
  }

  @Test
  void requestIdIsEchoedOrCreated() {
    given()
        .header("X-Request-Id", "req-123")
        .get("/probe/public")
        .then()
        .statusCode(200)
        .header("X-Request-Id", equalTo("req-123"));
    given()
        .header("X-Request-Id", "bad id with spaces")
        .get("/probe/public")
        .then()
        .statusCode(200)
        .header("X-Request-Id", not(equalTo("bad id with spaces")));
    given()
        .get("/probe/public")
        .then()
        .statusCode(200)
        .body("$", hasKey("public"))
        .header("X-Request-Id", notNullValue());
  }
}
