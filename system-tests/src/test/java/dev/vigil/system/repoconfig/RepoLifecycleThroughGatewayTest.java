package dev.vigil.system.repoconfig;

import static dev.vigil.system.repoconfig.Client.assertError;
import static dev.vigil.system.repoconfig.Client.assertValidationError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.vigil.repoconfig.testing.RepoBodies;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole resource through the gateway: connect, get, list with pagination, replace (keeping the
 * stored credentials when omitted), delete and invalidate-cache; credentials are never returned.
 *
 * <p>The suite points repo-config's platform APIs at a closed loopback port, so every metadata
 * lookup fails the same way ({@code unavailable}) and never reaches the internet; only that
 * deterministic outcome is asserted.
 */
class RepoLifecycleThroughGatewayTest {

  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
  private static Vigil.Tenant tenant;

  @BeforeAll
  static void tenant() {
    tenant = Vigil.get().tenant("enterprise");
  }

  @Test
  void connectAnswersAsTheSeedAndGetShowsEverythingButSecrets() {
    Client p = tenant.writerOnNewProject();
    String token = Client.secret("ghp_");
    String body = Vigil.json(RepoBodies.seedExample(token));
    Response created = p.post(body);
    created
        .then()
        .statusCode(201)
        .body("success", equalTo(true))
        .body("data.id", matchesPattern("rc_[0-9A-Za-z]{24}"))
        .body("data.platform", equalTo("github"));
    assertThat(created.jsonPath().getMap("$")).containsOnlyKeys("success", "data");
    assertThat(created.jsonPath().getMap("data")).containsOnlyKeys("id", "platform");
    String id = created.jsonPath().getString("data.id");

    Response got = p.get(id);
    got.then().statusCode(200).body("success", equalTo(true));
    JsonPath view = got.jsonPath();
    assertThat(view.getString("data.id")).isEqualTo(id);
    assertThat(view.getString("data.platform")).isEqualTo("github");
    assertThat(view.getString("data.baseUrl")).isNull();
    assertThat(view.getList("data.repositories.fullName"))
        .containsExactly("acme/checkout-api", "acme/billing-worker");
    assertThat(view.getList("data.serviceMappings.serviceName"))
        .containsExactly("checkout-api", "billing-worker");
    assertThat(view.getList("data.serviceMappings.repo"))
        .containsExactly("acme/checkout-api", "acme/billing-worker");
    assertThat(view.getList("data.serviceMappings.pathPrefix")).containsExactly("src/", "");
    assertThat(view.getList("data.serviceMappings.defaultBranch")).containsExactly("main", "main");
    assertThat(view.getInt("data.lookbackDays")).isEqualTo(30);
    assertThat(view.getMap("data.credentials")).containsOnlyKeys("kind", "lastVerifiedAt");
    assertThat(view.getString("data.credentials.kind")).isEqualTo("token");
    // The platform cannot be reached from the suite, so the token was never verified.
    assertThat(view.getString("data.credentials.lastVerifiedAt")).isNull();
    assertThat(view.getString("data.createdAt")).isNotNull();
    assertThat(view.getString("data.updatedAt")).isNotNull();

    assertThat(created.asString()).doesNotContain(token);
    assertThat(got.asString()).doesNotContain(token);
    assertThat(p.list().asString()).doesNotContain(token);
    assertThat(p.invalidateCache(id).asString()).doesNotContain(token);
    assertThat(p.delete(id).asString()).doesNotContain(token);
  }

  @Test
  void listIsPaginatedWithACursorAndALinkThroughTheGateway() {
    Client p = tenant.writerOnNewProject();
    String a = p.connect(Client.github("ghp_list", "acme/one"));
    String b = p.connect(Client.github("ghp_list", "acme/two"));
    String c = p.connect(Client.github("ghp_list", "acme/three"));
    tenant.writerOnNewProject().connect(Client.github("ghp_list", "acme/elsewhere"));

    Response first = p.request().queryParam("limit", 2).get(Vigil.REPOS);
    first
        .then()
        .statusCode(200)
        .body("success", equalTo(true))
        .body("data.id", contains(a, b))
        .body("data[0].repositories[0].fullName", equalTo("acme/one"))
        .body("pagination.limit", equalTo(2))
        .body("pagination.hasMore", equalTo(true))
        .body("pagination.nextCursor", notNullValue());
    assertThat(first.asString()).doesNotContain("ghp_list");

    String cursor = first.jsonPath().getString("pagination.nextCursor");
    p.request()
        .queryParam("limit", 2)
        .queryParam("cursor", cursor)
        .get(Vigil.REPOS)
        .then()
        .statusCode(200)
        .body("data.id", contains(c))
        .body("pagination.hasMore", equalTo(false))
        .body("pagination.nextCursor", nullValue());

    // The Link header names the next page; following it through the gateway gives the same page.
    Matcher next = NEXT_LINK.matcher(first.header("Link"));
    assertThat(next.find()).as("Link rel=next").isTrue();
    // It points at the gateway the client called, never at the backend behind it.
    assertThat(next.group(1)).startsWith(p.gateway() + Vigil.REPOS + "?").contains("cursor=");
    given()
        .urlEncodingEnabled(false)
        .auth()
        .oauth2(p.token())
        .get(next.group(1))
        .then()
        .statusCode(200)
        .body("data.id", contains(c));

    assertThat(p.allIds()).containsExactly(a, b, c);
    p.list().then().statusCode(200).body("pagination.limit", equalTo(20));
    assertValidationError(p.request().queryParam("limit", 0).get(Vigil.REPOS), List.of("limit"));
    assertValidationError(p.request().queryParam("limit", 101).get(Vigil.REPOS), List.of("limit"));
    assertValidationError(
        p.request().queryParam("cursor", "not-a-cursor").get(Vigil.REPOS), List.of("cursor"));
  }

  @Test
  void putReplacesEverythingAndKeepsTheStoredCredentialsWhenOmitted() {
    Client p = tenant.writerOnNewProject();
    String token = Client.secret("ghp_");
    String id = p.connect(Client.github(token, "acme/api", "acme/web"));
    String createdAt = p.get(id).jsonPath().getString("data.createdAt");

    String replacement = Vigil.json(RepoBodies.replacementKeepingCredentials());
    Response replaced = p.put(id, replacement);
    replaced
        .then()
        .statusCode(200)
        .body("success", equalTo(true))
        .body("data.id", equalTo(id))
        .body("data.repositories.fullName", contains("acme/API", "acme/worker"))
        .body("data.serviceMappings.serviceName", contains("worker"))
        .body("data.serviceMappings.defaultBranch", contains("release/2.x"))
        .body("data.lookbackDays", equalTo(90))
        .body("data.credentials.kind", equalTo("token"))
        .body("data.createdAt", equalTo(createdAt));
    assertThat(replaced.asString()).doesNotContain(token);
    // Full replace: what was not sent is gone.
    p.put(id, Client.body("github", null, List.of("acme/api"), false))
        .then()
        .statusCode(200)
        .body("data.serviceMappings.size()", equalTo(0))
        .body("data.lookbackDays", equalTo(30));
    p.get(id)
        .then()
        .statusCode(200)
        .body("data.repositories.fullName", contains("acme/api"))
        .body("data.credentials.kind", equalTo("token"));

    // Another platform needs new credentials; the stored token is GitHub's.
    Response noCredentials = p.put(id, Client.body("gitlab", null, List.of("acme/api"), false));
    assertValidationError(noCredentials, List.of("credentials"));
    String glpat = Client.secret("glpat-");
    Response gitlab =
        p.put(id, Client.body("gitlab", Map.of("token", glpat), List.of("acme/sub/api"), false));
    gitlab
        .then()
        .statusCode(200)
        .body("data.platform", equalTo("gitlab"))
        .body("data.repositories.fullName", contains("acme/sub/api"))
        .body("data.credentials.kind", equalTo("token"));
    assertThat(gitlab.asString()).doesNotContain(glpat).doesNotContain(token);

    // Bitbucket's app password is kept the same way.
    String appPassword = Client.secret("app-");
    String bitbucket =
        p.connect(
            Client.body(
                "bitbucket",
                Map.of("username", "ci-bot", "appPassword", appPassword),
                List.of("acme/payments"),
                false));
    Response kept =
        p.put(
            bitbucket, Client.body("bitbucket", null, List.of("acme/payments", "acme/web"), false));
    kept.then()
        .statusCode(200)
        .body("data.credentials.kind", equalTo("appPassword"))
        .body("data.repositories.fullName", contains("acme/payments", "acme/web"));
    assertThat(kept.asString()).doesNotContain(appPassword).doesNotContain("ci-bot");
    assertThat(p.get(bitbucket).asString()).doesNotContain(appPassword);
  }

  @Test
  void deleteRemovesTheConnection() {
    Client p = tenant.writerOnNewProject();
    String id = p.connect(Client.github("ghp_delete", "acme/api"));
    String kept = p.connect(Client.github("ghp_delete", "acme/kept"));
    Response deleted = p.delete(id);
    deleted
        .then()
        .statusCode(200)
        .body("success", equalTo(true))
        .body("data.id", equalTo(id))
        .body("data.deleted", equalTo(true));
    assertError(p.get(id), 404, "NOT_FOUND");
    assertError(p.delete(id), 404, "NOT_FOUND");
    assertError(p.put(id, Client.github("ghp_delete", "acme/api")), 404, "NOT_FOUND");
    assertError(p.invalidateCache(id), 404, "NOT_FOUND");
    assertThat(p.allIds()).containsExactly(kept);
  }

  @Test
  void invalidateCacheRefetchesAndRecordsAnUnreachablePlatformPerRepository() {
    Client p = tenant.writerOnNewProject();
    List<String> ids = new ArrayList<>();
    ids.add(p.connect(Client.github("ghp_cache", "acme/api", "acme/web")));
    // A GitHub Enterprise Server and a self-managed GitLab that do not answer either.
    ids.add(
        p.connect(
            Client.body(
                "github",
                Map.of("token", "ghp_cache", "baseUrl", "https://localhost:1/api/v3"),
                List.of("acme/ghes"),
                false)));
    ids.add(
        p.connect(
            Client.body(
                "gitlab",
                Map.of("token", "glpat-cache", "baseUrl", "https://localhost:1/gitlab"),
                List.of("acme/group/project"),
                false)));
    ids.add(
        p.connect(
            Client.body(
                "bitbucket",
                Map.of("username", "bot", "appPassword", "app-cache"),
                List.of("acme/payments"),
                false)));
    for (String id : ids) {
      Response refreshed = p.invalidateCache(id);
      refreshed.then().statusCode(200).body("success", equalTo(true)).body("data.id", equalTo(id));
      JsonPath view = refreshed.jsonPath();
      int repositories = view.getList("data.repositories").size();
      assertThat(view.getList("data.repositories.metadataError"))
          .containsOnly("unavailable")
          .hasSize(repositories);
      assertThat(view.getList("data.repositories.metadataFetchedAt")).containsOnlyNulls();
      assertThat(view.getList("data.repositories.credentialsValid")).containsOnlyNulls();
      assertThat(view.getList("data.repositories.defaultBranch")).containsOnlyNulls();
      assertThat(view.getString("data.credentials.lastVerifiedAt")).isNull();
      assertThat(refreshed.asString()).doesNotContain("ghp_cache", "glpat-cache", "app-cache");
      // What invalidate-cache answered is what is stored.
      assertThat(p.get(id).jsonPath().getList("data.repositories.metadataError"))
          .isEqualTo(view.getList("data.repositories.metadataError"));
    }
    assertThat(p.get(ids.get(1)).jsonPath().getString("data.baseUrl"))
        .isEqualTo("https://localhost:1/api/v3");
  }

  @Test
  void unknownRoutesAndMethodsAnswerInSigSentrysShape() {
    Client p = tenant.writerOnNewProject();
    String id = p.connect(Client.github("ghp_routes", "acme/api"));
    Response patch = p.request().body("{}").patch(Vigil.REPOS + "/" + id);
    assertError(patch, 405, "METHOD_NOT_ALLOWED");
    assertThat(patch.header("Allow")).contains("GET").contains("PUT").contains("DELETE");
    assertError(
        given().baseUri(p.gateway()).get(Vigil.REPOS + "/" + id + "/nothing-here"),
        404,
        "NOT_FOUND");
  }
}
