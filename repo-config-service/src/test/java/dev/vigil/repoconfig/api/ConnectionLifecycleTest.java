package dev.vigil.repoconfig.api;

import static dev.vigil.repoconfig.support.Api.REPOS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.vigil.repoconfig.support.Api;
import dev.vigil.repoconfig.support.Api.Project;
import dev.vigil.repoconfig.support.FakePlatforms;
import dev.vigil.repoconfig.support.Poll;
import dev.vigil.repoconfig.testing.RepoBodies;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The whole resource over HTTP: connect, read, list, replace, delete, invalidate-cache, and the
 * platform metadata fetched from the fake GitHub, GitLab and Bitbucket.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(FakePlatforms.class)
class ConnectionLifecycleTest {

  private static final Duration METADATA = Duration.ofSeconds(15);

  @ConfigProperty(name = "vigil.test.fake-platforms")
  String fakePlatforms;

  @Test
  void connectAnswersExactlyAsTheSeedAndGetShowsEverythingButSecrets() {
    Project p = Project.fresh();
    String token = Api.secret("ghp_good");
    String body = Api.json(RepoBodies.seedExample(token));
    Response created = p.writer().body(body).post(REPOS);
    created
        .then()
        .statusCode(201)
        .body("success", equalTo(true))
        .body("data.id", matchesPattern("rc_[0-9A-Za-z]{24}"))
        .body("data.platform", equalTo("github"));
    assertThat(created.jsonPath().getMap("data")).containsOnlyKeys("id", "platform");
    String id = created.jsonPath().getString("data.id");

    JsonPath view = awaitMetadata(p, id);
    assertThat(view.getString("data.id")).isEqualTo(id);
    assertThat(view.getString("data.platform")).isEqualTo("github");
    assertThat(view.getString("data.baseUrl")).isNull();
    assertThat(view.getList("data.repositories.fullName"))
        .containsExactly("acme/checkout-api", "acme/billing-worker");
    assertThat(view.getList("data.repositories.defaultBranch")).containsExactly("main", "main");
    assertThat(view.getList("data.repositories.visibility")).containsExactly("private", "private");
    assertThat(view.getList("data.repositories.credentialsValid")).containsExactly(true, true);
    assertThat(view.getList("data.serviceMappings.pathPrefix")).containsExactly("src/", "");
    assertThat(view.getInt("data.lookbackDays")).isEqualTo(30);
    assertThat(view.getMap("data.credentials")).containsOnlyKeys("kind", "lastVerifiedAt");
    assertThat(view.getString("data.credentials.kind")).isEqualTo("token");
    assertThat(view.getString("data.credentials.lastVerifiedAt")).isNotNull();
    assertThat(view.getString("data.createdAt")).isNotNull();
    assertThat(view.prettify()).doesNotContain(token);
  }

  @Test
  void lookbackDaysDefaultsTo30() {
    Project p = Project.fresh();
    String id = p.connect(Api.body("github", Map.of("token", "ghp_x"), List.of("acme/a"), false));
    p.reader().get(REPOS + "/" + id).then().statusCode(200).body("data.lookbackDays", equalTo(30));
  }

  @Test
  void metadataOfEachPlatformIsFetchedWithTheStoredCredentials() {
    Project p = Project.fresh();
    String gitlab =
        p.connect(
            Api.body(
                "gitlab",
                Map.of("token", Api.secret("glpat-good")),
                List.of("acme/platform/internal-tools", "acme/sub/group/public-site-dev"),
                false));
    String bitbucket =
        p.connect(
            Api.body(
                "bitbucket",
                Map.of("username", "ci-bot", "appPassword", Api.secret("good")),
                List.of("acme/payments", "acme/empty-repo"),
                false));

    JsonPath gl = awaitMetadata(p, gitlab);
    assertThat(gl.getList("data.repositories.visibility")).containsExactly("internal", "public");
    assertThat(gl.getList("data.repositories.defaultBranch")).containsExactly("main", "develop");
    assertThat(gl.getList("data.repositories.credentialsValid")).containsExactly(true, true);

    JsonPath bb = awaitMetadata(p, bitbucket);
    assertThat(bb.getString("data.credentials.kind")).isEqualTo("appPassword");
    assertThat(bb.getList("data.repositories.visibility")).containsExactly("private", "private");
    assertThat(bb.getList("data.repositories.defaultBranch")).containsExactly("main", null);
    assertThat(bb.getList("data.repositories.credentialsValid")).containsExactly(true, true);

    // The fake accepted the calls only because the decrypted credentials were sent.
    assertThat(hits("/bitbucket/2.0/repositories/acme/payments")).isPositive();
    assertThat(hits("/gitlab/api/v4/projects/acme%2Fplatform%2Finternal-tools")).isPositive();
  }

  @Test
  void platformFailuresAreRecordedPerRepositoryAndNeverFailTheRequest() {
    Project p = Project.fresh();
    String bad =
        p.connect(
            Api.body(
                "github",
                Map.of("token", "ghp_rejected"),
                List.of("acme/public-docs", "acme/private-api"),
                false));
    String mixed =
        p.connect(
            Api.body(
                "github",
                Map.of("token", Api.secret("ghp_good")),
                List.of("acme/missing-repo", "acme/slow-repo", "acme/flaky-repo", "acme/ok"),
                false));

    JsonPath rejected = awaitMetadata(p, bad);
    // Public: readable anonymously, so metadata is known but the credentials do not work.
    assertThat(rejected.getString("data.repositories[0].visibility")).isEqualTo("public");
    assertThat(rejected.getBoolean("data.repositories[0].credentialsValid")).isFalse();
    assertThat(rejected.getString("data.repositories[1].metadataError")).isEqualTo("unauthorized");
    assertThat(rejected.getBoolean("data.repositories[1].credentialsValid")).isFalse();
    assertThat(rejected.getString("data.credentials.lastVerifiedAt")).isNull();

    JsonPath view =
        Poll.until(
            () -> p.reader().get(REPOS + "/" + mixed).jsonPath(),
            v ->
                v.getString("data.repositories[1].metadataError") != null
                    && v.getString("data.repositories[3].metadataFetchedAt") != null,
            METADATA);
    assertThat(view.getList("data.repositories.metadataError"))
        .containsExactly("not_found", "unavailable", "unavailable", null);
    assertThat(view.getString("data.repositories[1].metadataFetchedAt")).isNull();
    assertThat(view.getString("data.repositories[3].defaultBranch")).isEqualTo("main");
  }

  @Test
  void listIsPaginatedWithAKeysetCursorAndScopedToTheProject() {
    Project p = Project.fresh();
    String a = p.connect(Api.github("ghp_good1", "acme/one"));
    String b = p.connect(Api.github("ghp_good1", "acme/two"));
    String c = p.connect(Api.github("ghp_good1", "acme/three"));
    p.sibling().connect(Api.github("ghp_good1", "acme/elsewhere"));

    Response first = p.reader().queryParam("limit", 2).get(REPOS);
    first
        .then()
        .statusCode(200)
        .body("success", equalTo(true))
        .body("data.id", contains(a, b))
        .body("pagination.limit", equalTo(2))
        .body("pagination.hasMore", equalTo(true))
        .body("pagination.nextCursor", notNullValue());
    assertThat(first.header("Link")).contains("rel=\"next\"").contains("cursor=");

    String cursor = first.jsonPath().getString("pagination.nextCursor");
    p.reader()
        .queryParam("limit", 2)
        .queryParam("cursor", cursor)
        .get(REPOS)
        .then()
        .statusCode(200)
        .body("data.id", contains(c))
        .body("pagination.hasMore", equalTo(false))
        .body("pagination.nextCursor", nullValue());

    p.reader().get(REPOS).then().statusCode(200).body("data", hasSize(3));
    p.reader()
        .queryParam("limit", 0)
        .get(REPOS)
        .then()
        .statusCode(400)
        .body("error.code", equalTo("VALIDATION_ERROR"))
        .body("error.details.field", contains("limit"));
    p.reader()
        .queryParam("cursor", "not-a-cursor")
        .get(REPOS)
        .then()
        .statusCode(400)
        .body("error.details.field", contains("cursor"));
  }

  @Test
  void putReplacesEverythingAndKeepsStoredCredentialsWhenOmitted() {
    Project p = Project.fresh();
    String token = Api.secret("ghp_good");
    String id = p.connect(Api.github(token, "acme/api", "acme/web"));
    awaitMetadata(p, id);

    String replacement = Api.json(RepoBodies.replacementKeepingCredentials());
    p.writer()
        .body(replacement)
        .put(REPOS + "/" + id)
        .then()
        .statusCode(200)
        .body("success", equalTo(true))
        .body("data.id", equalTo(id))
        .body("data.repositories.fullName", contains("acme/API", "acme/worker"))
        .body("data.serviceMappings.defaultBranch", contains("release/2.x"))
        .body("data.lookbackDays", equalTo(90));

    // The kept credentials still work: the fake only accepts the original token.
    JsonPath view =
        Poll.until(
            () -> p.reader().get(REPOS + "/" + id).jsonPath(),
            v -> v.getString("data.repositories[1].metadataFetchedAt") != null,
            METADATA);
    assertThat(view.getList("data.repositories.credentialsValid")).containsExactly(true, true);

    // Another platform needs new credentials.
    p.writer()
        .body(Api.body("gitlab", null, List.of("acme/api"), false))
        .put(REPOS + "/" + id)
        .then()
        .statusCode(400)
        .body("error.code", equalTo("VALIDATION_ERROR"))
        .body("error.details.field", contains("credentials"));
    p.writer()
        .body(Api.body("gitlab", Map.of("token", "glpat-good-2"), List.of("acme/api"), false))
        .put(REPOS + "/" + id)
        .then()
        .statusCode(200)
        .body("data.platform", equalTo("gitlab"))
        .body("data.credentials.lastVerifiedAt", nullValue());
  }

  /**
   * {@code baseUrl} at the top level, as the README lists it, is the same connection property as
   * {@code credentials.baseUrl}: stored once, shown once, and a PUT that keeps the stored token
   * cannot point it at another host.
   */
  @Test
  void topLevelBaseUrlIsTheConnectionsBaseUrl() {
    Project p = Project.fresh();
    Map<String, Object> body = RepoBodies.github("ghp_good_b", "acme/api");
    body.put("baseUrl", "https://localhost:1/api/v3/");
    String id = p.connect(Api.json(body));
    p.reader()
        .get(REPOS + "/" + id)
        .then()
        .statusCode(200)
        .body("data.baseUrl", equalTo("https://localhost:1/api/v3"));
    p.service("sync-service")
        .get("/internal/v1/connections/" + id + "/credentials?purpose=sync-zipball")
        .then()
        .statusCode(200)
        .body("data.baseUrl", equalTo("https://localhost:1/api/v3"));

    // Both given and different: 400 on baseUrl, nothing changed.
    body.put("credentials", Map.of("token", "ghp_good_b", "baseUrl", "https://localhost:2/api/v3"));
    p.writer()
        .body(Api.json(body))
        .put(REPOS + "/" + id)
        .then()
        .statusCode(400)
        .body("success", equalTo(false))
        .body("error.code", equalTo("VALIDATION_ERROR"))
        .body("error.details.field", contains("baseUrl"));

    // Without credentials the same base URL is fine, another one needs the token again.
    body.remove("credentials");
    p.writer().body(Api.json(body)).put(REPOS + "/" + id).then().statusCode(200);
    body.put("baseUrl", "https://localhost:2/api/v3");
    p.writer()
        .body(Api.json(body))
        .put(REPOS + "/" + id)
        .then()
        .statusCode(400)
        .body("error.details.field", contains("credentials"));
    p.reader()
        .get(REPOS + "/" + id)
        .then()
        .body("data.baseUrl", equalTo("https://localhost:1/api/v3"));
  }

  @Test
  void deleteRemovesTheConnection() {
    Project p = Project.fresh();
    String id = p.connect(Api.github("ghp_good1", "acme/api"));
    p.writer()
        .delete(REPOS + "/" + id)
        .then()
        .statusCode(200)
        .body("success", equalTo(true))
        .body("data.id", equalTo(id))
        .body("data.deleted", equalTo(true));
    p.reader()
        .get(REPOS + "/" + id)
        .then()
        .statusCode(404)
        .body("error.code", equalTo("NOT_FOUND"));
    p.writer().delete(REPOS + "/" + id).then().statusCode(404);
  }

  @Test
  void invalidateCacheRefetchesAtOnce() {
    Project p = Project.fresh();
    String repo = "acme/moving-" + System.nanoTime();
    String id = p.connect(Api.github(Api.secret("ghp_good"), repo));
    awaitMetadata(p, id);
    int before = hits("/github/repos/" + repo);

    given()
        .post(fakePlatforms + "/_fake/branch?repo=" + repo + "&branch=trunk")
        .then()
        .statusCode(204);
    p.writer()
        .post(REPOS + "/" + id + "/invalidate-cache")
        .then()
        .statusCode(200)
        .body("success", equalTo(true))
        .body("data.repositories[0].defaultBranch", equalTo("trunk"))
        .body("data.repositories[0].metadataError", nullValue());
    assertThat(hits("/github/repos/" + repo)).isEqualTo(before + 1);
  }

  @Test
  void bodiesAboveTheLimitAreRejected() {
    Project p = Project.fresh();
    String huge = "{\"platform\":\"github\",\"pad\":\"" + "x".repeat(300 * 1024) + "\"}";
    p.writer()
        .body(huge)
        .post(REPOS)
        .then()
        .statusCode(413)
        .body("success", equalTo(false))
        .body("error.code", equalTo("PAYLOAD_TOO_LARGE"));
  }

  @Test
  void chunkedBodiesAreCountedWhileReadAndRejectedInSigSentrysShapePastTheLimit() throws Exception {
    Project p = Project.fresh();
    String token = p.token("config:write");
    String huge = "{\"platform\":\"github\",\"pad\":\"" + "x".repeat(300 * 1024) + "\"}";
    HttpResponse<String> rejected = postChunked(token, huge);
    assertThat(rejected.statusCode()).isEqualTo(413);
    assertThat(rejected.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonPath error = new JsonPath(rejected.body());
    assertThat(error.getBoolean("success")).isFalse();
    assertThat(error.getString("error.code")).isEqualTo("PAYLOAD_TOO_LARGE");

    // Within the limit, a chunked body is read like any other.
    HttpResponse<String> created = postChunked(token, Api.github("ghp_good_chunked", "acme/api"));
    assertThat(created.statusCode()).isEqualTo(201);
    String id = new JsonPath(created.body()).getString("data.id");
    p.reader()
        .get(REPOS + "/" + id)
        .then()
        .statusCode(200)
        .body("data.repositories.fullName", contains("acme/api"));
    HttpResponse<String> invalid =
        postChunked(token, "{\"platform\":\"github\",\"pad\":\"" + "x".repeat(200 * 1024) + "\"}");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(new JsonPath(invalid.body()).getList("error.details.field")).contains("pad");
  }

  private static HttpResponse<String> postChunked(String token, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + REPOS))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
            .build();
    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  private JsonPath awaitMetadata(Project p, String id) {
    return Poll.until(
        () -> p.reader().get(REPOS + "/" + id).jsonPath(),
        v -> {
          List<Object> fetched = v.getList("data.repositories.metadataFetchedAt");
          return fetched != null && !fetched.isEmpty() && !fetched.contains(null);
        },
        METADATA);
  }

  private int hits(String path) {
    return Integer.parseInt(
        given().queryParam("path", path).get(fakePlatforms + "/_fake/count").asString());
  }
}
