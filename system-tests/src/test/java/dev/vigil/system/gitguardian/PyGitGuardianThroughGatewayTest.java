package dev.vigil.system.gitguardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.system.VigilSystem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GitGuardian's own Python client, py-gitguardian (on which ggshield is built), run unmodified
 * against the gateway: {@code health_check}, {@code api_tokens} and a bad key, with the gateway as
 * its base URI, with a trailing slash, and at {@code <instance>/exposed} as ggshield configures a
 * self-hosted instance. py-gitguardian treats any 200 whose content type is not exactly {@code
 * application/json} as a failure. Skipped, saying why, without Debian's Python and the client's
 * packages ({@code apt-get install python3-marshmallow-dataclass python3-typeguard
 * python3-requests}) or without the client copy ({@code -Dvigil.clients.py-gitguardian}).
 */
class PyGitGuardianThroughGatewayTest {

  private static final Path CLIENT =
      Path.of(
          System.getProperty(
              "vigil.clients.py-gitguardian", "/work/shared/clients/py-gitguardian"));
  private static final Path PYTHON =
      Path.of(System.getProperty("vigil.python", "/usr/bin/python3"));
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode results;
  private static String tokenId;

  @BeforeAll
  static void runClient() throws Exception {
    assumeTrue(
        Files.isDirectory(CLIENT.resolve("pygitguardian")),
        "py-gitguardian is not at " + CLIENT + " (see shared/clients/README.md): skipped");
    assumeTrue(Files.isExecutable(PYTHON), PYTHON + " is absent: skipped");
    String missing =
        run(List.of(PYTHON.toString(), "-c", "import marshmallow_dataclass, typeguard, requests"))
                    .exit
                == 0
            ? null
            : "Debian's python3-marshmallow-dataclass, python3-typeguard or python3-requests is"
                + " missing: skipped";
    assumeTrue(missing == null, missing);

    VigilSystem system = VigilSystem.get();
    String token = system.devToken();
    Path script = Files.createTempFile("py_gitguardian_probe", ".py");
    try (InputStream in =
        PyGitGuardianThroughGatewayTest.class.getResourceAsStream(
            "/gitguardian/py_gitguardian_probe.py")) {
      Files.write(script, in.readAllBytes());
    }
    ProcessBuilder builder =
        new ProcessBuilder(PYTHON.toString(), script.toString(), system.gatewayUrl());
    builder.environment().put("PYTHONPATH", CLIENT.toString());
    builder.environment().put("VIGIL_TOKEN", token);
    Outcome outcome = run(builder);
    assertThat(outcome.exit).as("py-gitguardian probe failed:\n%s", outcome.stderr).isZero();
    results = JSON.readTree(outcome.stdout);
    tokenId =
        given(token)
            .get(system.gatewayUrl() + "/v1/api_tokens/self")
            .then()
            .statusCode(200)
            .extract()
            .path("id");
  }

  private static io.restassured.specification.RequestSpecification given(String token) {
    return io.restassured.RestAssured.given().header("Authorization", "Token " + token);
  }

  @Test
  void healthCheckSaysTheKeyIsValidOnEveryBaseUri() {
    for (String base : List.of("root", "slash", "exposed")) {
      JsonNode health = results.path(base).path("health");
      assertThat(health.path("status").asInt()).as(base).isEqualTo(200);
      assertThat(health.path("detail").asText()).as(base).isEqualTo("Valid API key.");
    }
  }

  @Test
  void apiTokensReturnsTheTokensOwnDetailsOnEveryBaseUri() {
    for (String base : List.of("root", "slash", "exposed")) {
      JsonNode tokens = results.path(base).path("api_tokens");
      assertThat(tokens.path("type").asText())
          .as(base + ": %s", tokens)
          .isEqualTo("APITokensResponse");
      assertThat(tokens.path("status").asInt()).as(base).isEqualTo(200);
      assertThat(tokens.path("id").asText()).as(base).isEqualTo(tokenId);
      assertThat(tokens.path("scopes").size()).as(base).isPositive();
    }
  }

  @Test
  void aBadKeyIsInvalidOnEveryBaseUri() {
    for (String base : List.of("root", "slash", "exposed")) {
      JsonNode health = results.path(base).path("bad_key_health");
      assertThat(health.path("status").asInt()).as(base).isEqualTo(401);
      assertThat(health.path("detail").asText()).as(base).isEqualTo("Invalid API key.");
      JsonNode tokens = results.path(base).path("bad_key_api_tokens");
      assertThat(tokens.path("type").asText()).as(base).isEqualTo("Detail");
      assertThat(tokens.path("status").asInt()).as(base).isEqualTo(401);
      assertThat(tokens.path("detail").asText()).as(base).isEqualTo("Invalid API key.");
    }
  }

  private record Outcome(int exit, String stdout, String stderr) {}

  private static Outcome run(List<String> command) throws IOException, InterruptedException {
    return run(new ProcessBuilder(command));
  }

  private static Outcome run(ProcessBuilder builder) throws IOException, InterruptedException {
    Path out = Files.createTempFile("probe", ".out");
    Path err = Files.createTempFile("probe", ".err");
    Process process =
        builder
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("py-gitguardian probe did not finish within 120 s");
    }
    return new Outcome(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
