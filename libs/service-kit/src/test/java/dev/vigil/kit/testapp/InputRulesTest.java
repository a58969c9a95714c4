package dev.vigil.kit.testapp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.vigil.testkit.TestTokens;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * The kit's input rules, in each family's shape: control characters in parameters, NUL in body
 * strings (typed or tree), numbers where strings are expected, arrays where objects are expected.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class InputRulesTest {

  @Test
  void controlCharactersInPathOrQueryParametersAreABadRequest() {
    given()
        .urlEncodingEnabled(false)
        .get("/probe/scanner/echo/a%00b")
        .then()
        .statusCode(400)
        .body("error", equalTo("name: must not contain control characters."));
    given()
        .urlEncodingEnabled(false)
        .get("/probe/scanner/echo/ok?q=x%0Ay")
        .then()
        .statusCode(400)
        .body("error", equalTo("q: must not contain control characters."));
    given()
        .urlEncodingEnabled(false)
        .get("/probe/scanner/echo/ok?q=caf%C3%A9%20ok")
        .then()
        .statusCode(200)
        .body("q", equalTo("café ok"));
  }

  @Test
  void nulInABodyStringIsABadRequestWhateverReadsIt() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"repositories\":[\"a/b\",\"c\\u0000d\"]}")
        .post("/probe/sigsentry/open")
        .then()
        .statusCode(400)
        .body("success", equalTo(false))
        .body("error.code", equalTo("VALIDATION_ERROR"))
        .body("error.message", equalTo("repositories[1]: must not contain NUL characters."));
    given()
        .contentType(ContentType.JSON)
        .body("{\"comment\":\"line one\\nline two\\u0000\"}")
        .post("/probe/gitguardian/tree")
        .then()
        .statusCode(400)
        .body("detail", equalTo("A string in the request body contains a NUL character."));
    given()
        .contentType(ContentType.JSON)
        .body("{\"comment\":\"line one\\nline\\ttwo\"}")
        .post("/probe/gitguardian/tree")
        .then()
        .statusCode(200);
  }

  @Test
  void wronglyTypedFieldsAndArrayBodiesAreRefusedNotCoerced() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"repositories\":[123]}")
        .post("/probe/sigsentry/open")
        .then()
        .statusCode(400)
        .body("error.message", equalTo("repositories[0]: must be a string."));
    given()
        .contentType(ContentType.JSON)
        .body("{\"repositories\":\"a/b\"}")
        .post("/probe/sigsentry/open")
        .then()
        .statusCode(400)
        .body("error.message", equalTo("repositories: must be an array."));
    given()
        .contentType(ContentType.JSON)
        .body("[1,2]")
        .post("/probe/sigsentry/open")
        .then()
        .statusCode(400)
        .body("error.message", equalTo("body: must be an object."));
    given()
        .auth()
        .oauth2(TestTokens.forAudience("kit-test-service").scopes("security_events").sign())
        .contentType(ContentType.JSON)
        .body("{\"repositories\":[true]}")
        .post("/probe/github/validate")
        .then()
        .statusCode(422)
        .body("message", equalTo("Invalid request."))
        .body("errors[0].field", equalTo("repositories[0]"))
        .body("errors[0].message", equalTo("must be a string"));
  }
}
