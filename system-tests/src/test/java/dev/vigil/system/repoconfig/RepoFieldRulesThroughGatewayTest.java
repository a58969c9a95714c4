package dev.vigil.system.repoconfig;

import static dev.vigil.repoconfig.testing.RepoBodies.gitlab;
import static dev.vigil.repoconfig.testing.RepoBodies.repos;
import static dev.vigil.repoconfig.testing.RepoBodies.validBody;
import static dev.vigil.system.repoconfig.Client.assertValidationError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.vigil.repoconfig.testing.FieldRuleCases;
import dev.vigil.repoconfig.testing.FieldRuleCases.InvalidBody;
import dev.vigil.repoconfig.testing.FieldRuleCases.MalformedBody;
import dev.vigil.repoconfig.testing.FieldRuleCases.ValidBody;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field rule of the seed's request table (SigSentry {@code POST /v1/config/repos}), through
 * the gateway with a project-pinned {@code config:write} token: each invalid body is a 400
 * VALIDATION_ERROR in SigSentry's shape whose {@code details} name exactly the failing JSON paths;
 * each valid format of each platform is a 201. The cases are repo-config's own {@link
 * FieldRuleCases}, which its in-module tests send straight to the service.
 */
class RepoFieldRulesThroughGatewayTest {

  private static Client writer;

  @BeforeAll
  static void tenant() {
    // Enterprise: no repository quota, so the valid bodies below never run into it.
    writer = Vigil.get().tenant("enterprise").writerOnNewProject();
  }

  // --- invalid bodies ----------------------------------------------------------------------------

  static Stream<InvalidBody> invalidBodies() {
    return FieldRuleCases.invalidBodies().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBodies")
  void invalidBodyIsAValidationErrorNamingTheField(InvalidBody rule) {
    assertValidationError(writer.post(Vigil.json(rule.body())), rule.fields());
  }

  static Stream<MalformedBody> malformedBodies() {
    return FieldRuleCases.malformedBodies().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBodies")
  void malformedBodyIsAValidationErrorOnBody(MalformedBody malformed) {
    Response response = writer.post(malformed.body());
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

  static Stream<ValidBody> validBodies() {
    return FieldRuleCases.validBodies().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validBodies")
  void validBodyIsCreated(ValidBody valid) {
    Map<String, Object> body = valid.body();
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
}
