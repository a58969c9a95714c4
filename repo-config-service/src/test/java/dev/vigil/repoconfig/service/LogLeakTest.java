package dev.vigil.repoconfig.service;

import static dev.vigil.repoconfig.support.Api.REPOS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.repoconfig.support.Api;
import dev.vigil.repoconfig.support.Api.Project;
import dev.vigil.repoconfig.support.FakePlatforms;
import dev.vigil.repoconfig.support.Poll;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * Captures every log record of the service (all loggers, all threads, including debug output of
 * this service) while every operation runs — successes, failures and background metadata fetches —
 * and greps the messages, parameters and exception texts for the credentials: nothing.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(FakePlatforms.class)
class LogLeakTest {

  /** Collects the text of every record: formatted message, raw message, parameters, stack. */
  static final class Capture extends Handler {
    final List<String> texts = Collections.synchronizedList(new ArrayList<>());

    Capture() {
      setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord record) {
      StringBuilder text = new StringBuilder();
      text.append(record.getLoggerName()).append(' ').append(record.getMessage());
      if (record instanceof ExtLogRecord ext) {
        text.append(' ').append(ext.getFormattedMessage());
      }
      if (record.getParameters() != null) {
        for (Object param : record.getParameters()) {
          text.append(' ').append(param);
        }
      }
      if (record.getThrown() != null) {
        StringWriter stack = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(stack));
        text.append(' ').append(stack);
      }
      texts.add(text.toString());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void noOperationLogsACredential() {
    Capture capture = new Capture();
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    List<String> secrets = new ArrayList<>();
    try {
      runEveryOperation(secrets);
    } finally {
      root.removeHandler(capture);
    }

    List<String> texts = List.copyOf(capture.texts);
    // The capture works: the service's own records were seen.
    assertThat(texts).anyMatch(t -> t.contains("dev.vigil.repoconfig"));
    for (String secret : secrets) {
      assertThat(texts).noneMatch(t -> t.contains(secret));
    }
  }

  private void runEveryOperation(List<String> secrets) {
    Project p = Project.fresh();
    String github = Api.secret("ghp_goodLog");
    String gitlab = Api.secret("glpat-goodLog");
    String appPassword = Api.secret("goodLog");
    String rejected = Api.secret("ghp_rejectedLog");
    String replaced = Api.secret("ghp_goodLogReplaced");
    String invalid = Api.secret("ghp_invalid");
    secrets.addAll(List.of(github, gitlab, appPassword, rejected, replaced, invalid));

    String gh = p.connect(Api.github(github, "acme/log-api"));
    // Every kind of platform failure, in a connection nothing changes afterwards.
    String edge =
        p.connect(
            Api.body(
                "github",
                Map.of("token", github),
                List.of("acme/missing-log", "acme/slow-log", "acme/flaky-log"),
                false));
    String gl =
        p.connect(
            Api.body(
                "gitlab",
                Map.of("token", gitlab, "baseUrl", "https://127.0.0.1:1"),
                List.of("acme/sub/log"),
                false));
    String bb =
        p.connect(
            Api.body(
                "bitbucket",
                Map.of("username", "log-bot", "appPassword", appPassword),
                List.of("acme/log-pay"),
                false));
    String bad = p.connect(Api.github(rejected, "acme/private-log"));
    p.writer()
        .header("Idempotency-Key", "log-key")
        .body(Api.github(github, "acme/idem-log"))
        .post(REPOS)
        .then()
        .statusCode(201);
    p.writer()
        .header("Idempotency-Key", "log-key")
        .body(Api.github(github, "acme/idem-log"))
        .post(REPOS)
        .then()
        .statusCode(201);
    p.writer()
        .header("Idempotency-Key", "log-key")
        .body(Api.github(replaced, "acme/idem-log"))
        .post(REPOS)
        .then()
        .statusCode(422);

    p.reader().get(REPOS).then().statusCode(200);
    p.reader().get(REPOS + "/" + gh).then().statusCode(200);
    p.writer()
        .body(Api.github(replaced, "acme/log-api", "acme/log-web"))
        .put(REPOS + "/" + gh)
        .then()
        .statusCode(200);
    p.writer()
        .body(Api.body("github", null, List.of("acme/log-api"), false))
        .put(REPOS + "/" + gh)
        .then()
        .statusCode(200);
    p.writer().post(REPOS + "/" + bb + "/invalidate-cache").then().statusCode(200);
    p.writer().post(REPOS + "/" + bad + "/invalidate-cache").then().statusCode(200);
    p.service("sync-service")
        .get("/internal/v1/connections/" + gl + "/credentials")
        .then()
        .statusCode(200);
    p.service("secrets-service")
        .get("/internal/v1/connections/" + bb + "/credentials")
        .then()
        .statusCode(200);
    p.service("operator").post("/internal/v1/credentials/rewrap").then().statusCode(200);

    // Failures carrying secrets in the request.
    p.writer()
        .body("{\"platform\":\"github\",\"credentials\":{\"token\":\"" + invalid)
        .post(REPOS)
        .then()
        .statusCode(400);
    p.writer()
        .body(Api.body("github", Map.of("token", invalid + " x"), List.of("acme/x"), false))
        .post(REPOS)
        .then()
        .statusCode(400);
    p.writer()
        .body(
            Api.body(
                "gitlab",
                Map.of("token", invalid, "baseUrl", "https://u:" + invalid + "@h"),
                List.of("a/b"),
                false))
        .post(REPOS)
        .then()
        .statusCode(400);
    Project full = Project.fresh("small");
    full.connect(Api.github(github, "acme/q1", "acme/q2"));
    full.writer().body(Api.github(invalid, "acme/q3")).post(REPOS).then().statusCode(403);
    given()
        .contentType(ContentType.JSON)
        .body(Api.github(invalid, "acme/x"))
        .post(REPOS)
        .then()
        .statusCode(401);
    p.reader().body(Api.github(invalid, "acme/x")).post(REPOS).then().statusCode(403);
    Project.fresh()
        .writer()
        .body(Api.github(invalid, "acme/x"))
        .put(REPOS + "/" + gh)
        .then()
        .statusCode(404);

    // Background fetches finish before the capture ends.
    Poll.until(
        () -> p.reader().get(REPOS + "/" + edge).jsonPath(),
        (JsonPath v) -> !v.getList("data.repositories.metadataError").contains(null),
        Duration.ofSeconds(20));
    for (String id : List.of(gh, bb, bad)) {
      Poll.until(
          () -> p.reader().get(REPOS + "/" + id).jsonPath(),
          (JsonPath v) ->
              v.getList("data.repositories.metadataFetchedAt", String.class).stream()
                  .allMatch(
                      at ->
                          at != null
                              && !Instant.parse(at)
                                  .isBefore(Instant.parse(v.getString("data.updatedAt")))),
          Duration.ofSeconds(20));
    }
    Poll.until(
        () -> p.reader().get(REPOS + "/" + gl).jsonPath(),
        (JsonPath v) -> !v.getList("data.repositories.metadataError").contains(null),
        Duration.ofSeconds(20));
    p.writer().delete(REPOS + "/" + gh).then().statusCode(200);
    p.writer().delete(REPOS + "/" + bb).then().statusCode(200);
  }
}
