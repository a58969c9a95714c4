package dev.vigil.repoconfig.api;

import static dev.vigil.repoconfig.support.Api.REPOS;
import static dev.vigil.repoconfig.testing.RepoBodies.validBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import dev.vigil.repoconfig.support.Api;
import dev.vigil.repoconfig.support.Api.Project;
import dev.vigil.repoconfig.support.FakePlatforms;
import dev.vigil.repoconfig.testing.FieldRuleCases;
import dev.vigil.repoconfig.testing.FieldRuleCases.InvalidBody;
import dev.vigil.repoconfig.testing.FieldRuleCases.MalformedBody;
import dev.vigil.repoconfig.testing.FieldRuleCases.ValidBody;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field rule of the seed's request table (and the validator behind it), over HTTP straight to
 * the service: each invalid body is a 400 VALIDATION_ERROR in SigSentry's shape whose {@code
 * details} name exactly the failing JSON paths; each valid format of each platform is a 201. The
 * cases are {@link FieldRuleCases}, which the system tests also run through the gateway.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(FakePlatforms.class)
class ConnectionValidationTest {

  private static final Project PROJECT = Project.fresh();

  // --- invalid bodies ----------------------------------------------------------------------------

  static Stream<InvalidBody> invalidBodies() {
    return FieldRuleCases.invalidBodies().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBodies")
  void invalidBodyIsAValidationErrorNamingTheField(InvalidBody rule) {
    Response response = PROJECT.writer().body(Api.json(rule.body())).post(REPOS);
    assertValidationError(response, rule.fields());
  }

  static Stream<MalformedBody> malformedBodies() {
    return FieldRuleCases.malformedBodies().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBodies")
  void malformedBodyIsAValidationErrorOnBody(MalformedBody malformed) {
    Response response = PROJECT.writer().body(malformed.body()).post(REPOS);
    assertValidationError(response, List.of("body"));
    assertThat(response.asString()).doesNotContain("ghp_");
  }

  @Test
  void putValidatesTheSameRulesButCredentialsAreOptional() {
    String id = PROJECT.connect(Api.json(validBody()));
    Map<String, Object> body = validBody();
    body.remove("credentials");
    PROJECT.writer().body(Api.json(body)).put(REPOS + "/" + id).then().statusCode(200);
    body.put("lookbackDays", 400);
    assertValidationError(
        PROJECT.writer().body(Api.json(body)).put(REPOS + "/" + id), List.of("lookbackDays"));
    body.put("lookbackDays", 10);
    body.put("credentials", Map.of("token", ""));
    assertValidationError(
        PROJECT.writer().body(Api.json(body)).put(REPOS + "/" + id), List.of("credentials.token"));
  }

  // --- valid formats -----------------------------------------------------------------------------

  static Stream<ValidBody> validBodies() {
    return FieldRuleCases.validBodies().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validBodies")
  void validBodyIsCreated(ValidBody valid) {
    Map<String, Object> body = valid.body();
    PROJECT
        .writer()
        .body(Api.json(body))
        .post(REPOS)
        .then()
        .statusCode(201)
        .body("success", equalTo(true))
        .body("data.id", matchesPattern("rc_[0-9A-Za-z]{24}"))
        .body("data.platform", equalTo(body.get("platform")));
  }

  // --- helpers -----------------------------------------------------------------------------------

  static void assertValidationError(Response response, List<String> fields) {
    response
        .then()
        .statusCode(400)
        .body("success", equalTo(false))
        .body("error.code", equalTo("VALIDATION_ERROR"))
        .body("error.message", anyOf(startsWith("Validation failed"), startsWith("Request body")));
    List<String> reported = response.jsonPath().getList("error.details.field");
    assertThat(reported).containsExactlyInAnyOrderElementsOf(fields);
    assertThat(response.jsonPath().getList("error.details.message")).doesNotContainNull();
  }
}
