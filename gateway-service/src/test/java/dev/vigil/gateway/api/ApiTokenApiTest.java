package dev.vigil.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.gateway.persistence.ApiTokenRepository;
import dev.vigil.gateway.support.Api;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** GitGuardian's token API as the gateway serves it: fields, pagination, filters, revocation. */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class ApiTokenApiTest {

  /** The seed's token object (002), plus workspace_id as GitGuardian sends it. */
  static final Set<String> TOKEN_FIELDS =
      Set.of(
          "id",
          "name",
          "workspace_id",
          "type",
          "status",
          "created_at",
          "last_used_at",
          "expire_at",
          "revoked_at",
          "member_id",
          "creator_id",
          "scopes");

  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

  @Inject ApiTokenRepository tokens;

  @Test
  void selfIsTheSeedsTokenObjectFieldForField() {
    Api.Tenant tenant = Api.newTenant();
    Api.Token token =
        Api.newToken(tenant.ownerToken(), "ci scanner", List.of("scan", "incidents:read"));
    Response response = Api.as(token.value()).get("/v1/api_tokens/self");
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> body = response.jsonPath().getMap("$");
    assertThat(body.keySet()).containsExactlyInAnyOrderElementsOf(TOKEN_FIELDS);
    assertThat(body.get("id")).isEqualTo(token.id());
    assertThat(body.get("name")).isEqualTo("ci scanner");
    assertThat(((Number) body.get("workspace_id")).longValue()).isEqualTo(tenant.workspaceId());
    assertThat(body.get("type")).isEqualTo("personal_access_token");
    assertThat(body.get("status")).isEqualTo("active");
    assertThat((String) body.get("created_at")).matches(TIMESTAMP);
    assertThat(body.get("expire_at")).isNull();
    assertThat(body.get("revoked_at")).isNull();
    assertThat(((Number) body.get("member_id")).longValue()).isEqualTo(tenant.ownerId());
    assertThat(((Number) body.get("creator_id")).longValue()).isEqualTo(tenant.ownerId());
    assertThat(response.jsonPath().getList("scopes", String.class))
        .containsExactly("scan", "incidents:read");
    // The value is shown only at creation.
    assertThat(response.asString()).doesNotContain(token.value());
  }

  @Test
  void healthTellsValidFromInvalidKeys() {
    Api.Tenant tenant = Api.newTenant();
    Api.as(tenant.ownerToken())
        .get("/v1/health")
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON);
    assertThat(Api.as(tenant.ownerToken()).get("/v1/health").jsonPath().getString("detail"))
        .isEqualTo("Valid API key.");
    Response invalid = Api.as("vgl_not_a_real_key").get("/v1/health");
    assertThat(invalid.statusCode()).isEqualTo(401);
    assertThat(invalid.jsonPath().getMap("$")).isEqualTo(Map.of("detail", "Invalid API key."));
  }

  @Test
  void lastUsedAtIsRecordedWithoutAWritePerRequest() throws Exception {
    Api.Tenant tenant = Api.newTenant();
    Api.Token token = Api.newToken(tenant.ownerToken(), "used", List.of("scan"));
    Instant before = Instant.now().minusSeconds(1);
    for (int i = 0; i < 5; i++) {
      Api.as(token.value()).get("/v1/health").then().statusCode(200);
    }
    String lastUsed = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (lastUsed == null && System.nanoTime() < deadline) {
      Thread.sleep(300);
      lastUsed =
          Api.as(tenant.ownerToken())
              .get("/v1/api_tokens/" + token.id())
              .jsonPath()
              .getString("last_used_at");
    }
    assertThat(lastUsed).isNotNull();
    assertThat(Instant.parse(lastUsed)).isAfter(before);
  }

  @Test
  void listPagesWithCursorLinksBothWays() {
    Api.Tenant tenant = Api.newTenant();
    List<String> created = new ArrayList<>();
    created.add(tenant.ownerTokenId());
    for (int i = 0; i < 4; i++) {
      created.add(Api.newToken(tenant.ownerToken(), "page token " + i, List.of("scan")).id());
    }
    Response first = Api.as(tenant.ownerToken()).get("/v1/api_tokens?per_page=2");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.getHeader("X-Per-Page")).isEqualTo("2");
    Map<String, String> firstLinks = links(first.getHeader("Link"));
    assertThat(firstLinks).containsOnlyKeys("next");
    List<String> firstIds = first.jsonPath().getList("id", String.class);
    assertThat(firstIds).hasSize(2);
    for (Map<String, Object> token : first.jsonPath().<Map<String, Object>>getList("$")) {
      assertThat(token.keySet()).containsExactlyInAnyOrderElementsOf(TOKEN_FIELDS);
    }

    Response second = Api.as(tenant.ownerToken()).get(relative(firstLinks.get("next")));
    Map<String, String> secondLinks = links(second.getHeader("Link"));
    assertThat(secondLinks).containsOnlyKeys("next", "prev");
    Response third = Api.as(tenant.ownerToken()).get(relative(secondLinks.get("next")));
    Map<String, String> thirdLinks = links(third.getHeader("Link"));
    assertThat(thirdLinks).containsOnlyKeys("prev");

    List<String> all = new ArrayList<>(firstIds);
    all.addAll(second.jsonPath().getList("id", String.class));
    all.addAll(third.jsonPath().getList("id", String.class));
    // Oldest first by default: creation order.
    assertThat(all).containsExactlyElementsOf(created);

    Response back = Api.as(tenant.ownerToken()).get(relative(secondLinks.get("prev")));
    assertThat(back.jsonPath().getList("id", String.class)).isEqualTo(firstIds);
    assertThat(links(back.getHeader("Link"))).containsOnlyKeys("next");

    Response newest = Api.as(tenant.ownerToken()).get("/v1/api_tokens?ordering=-created_at");
    assertThat(newest.jsonPath().getList("id", String.class))
        .containsExactlyElementsOf(created.reversed());
    assertThat(newest.getHeader("Link")).isNull();
    assertThat(newest.getHeader("X-Per-Page")).isEqualTo("20");
  }

  @Test
  void listFilters() {
    Api.Tenant tenant = Api.newTenant();
    String member =
        given()
            .header("Authorization", "Bearer " + tenant.ownerToken())
            .contentType(ContentType.JSON)
            .body(Map.of("email", "dev@" + tenant.slug() + ".test", "role", "member"))
            .post("/vigil/v1/members")
            .then()
            .statusCode(201)
            .extract()
            .path("id")
            .toString();
    Map<String, Object> forMember = new HashMap<>();
    forMember.put("name", "Deploy Bot");
    forMember.put("scopes", List.of("incidents:read"));
    forMember.put("member_id", Long.parseLong(member));
    Api.Token bot = Api.newToken(tenant.ownerToken(), forMember);
    Api.Token scanner = Api.newToken(tenant.ownerToken(), "nightly scanner", List.of("scan"));
    Api.Token gone = Api.newToken(tenant.ownerToken(), "gone", List.of("scan"));
    Api.as(tenant.ownerToken()).delete("/v1/api_tokens/" + gone.id()).then().statusCode(204);
    Map<String, Object> expiring = new HashMap<>();
    expiring.put("name", "expiring");
    expiring.put("scopes", List.of("scan"));
    expiring.put("expire_at", Instant.now().plus(Duration.ofDays(3)).toString());
    Api.Token soon = Api.newToken(tenant.ownerToken(), expiring);

    assertThat(ids(tenant, "status=revoked")).containsExactly(gone.id());
    assertThat(ids(tenant, "status=active"))
        .containsExactlyInAnyOrder(tenant.ownerTokenId(), bot.id(), scanner.id(), soon.id());
    assertThat(ids(tenant, "status=expired")).isEmpty();
    assertThat(ids(tenant, "member_id=" + member)).containsExactly(bot.id());
    assertThat(ids(tenant, "creator_id=" + tenant.ownerId())).hasSize(5);
    assertThat(ids(tenant, "scopes=incidents:read"))
        .containsExactlyInAnyOrder(tenant.ownerTokenId(), bot.id());
    assertThat(ids(tenant, "scopes=honeytokens:read,incidents:read"))
        .containsExactlyInAnyOrder(tenant.ownerTokenId(), bot.id());
    assertThat(ids(tenant, "search=BOT")).containsExactly(bot.id());
    assertThat(ids(tenant, "search=%25")).isEmpty();
    List<String> byExpiry = ids(tenant, "ordering=expire_at");
    assertThat(byExpiry.get(0)).isEqualTo(soon.id());
    assertThat(ids(tenant, "ordering=-revoked_at").get(0)).isNotEqualTo(gone.id());
    assertThat(ids(tenant, "ordering=revoked_at").get(0)).isEqualTo(gone.id());

    for (String bad :
        List.of(
            "status=lost",
            "member_id=abc",
            "scopes=everything",
            "ordering=name",
            "per_page=0",
            "per_page=101",
            "cursor=garbage")) {
      Response response = Api.as(tenant.ownerToken()).get("/v1/api_tokens?" + bad);
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(response.jsonPath().getMap("$")).as(bad).containsOnlyKeys("detail");
    }
  }

  @Test
  void revokeAnswers204AndTheTokenStopsWorking() {
    Api.Tenant tenant = Api.newTenant();
    Api.Token token = Api.newToken(tenant.ownerToken(), "short-lived", List.of("scan"));
    Api.as(token.value()).get("/v1/health").then().statusCode(200);

    Response revoked = Api.as(tenant.ownerToken()).delete("/v1/api_tokens/" + token.id());
    assertThat(revoked.statusCode()).isEqualTo(204);
    assertThat(revoked.asString()).isEmpty();
    // This replica forgets it at once.
    Api.as(token.value()).get("/v1/health").then().statusCode(401);

    JsonPath shown =
        Api.as(tenant.ownerToken())
            .get("/v1/api_tokens/" + token.id())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(shown.getString("status")).isEqualTo("revoked");
    assertThat(shown.getString("revoked_at")).matches(TIMESTAMP);
    // Revoking again changes nothing.
    Api.as(tenant.ownerToken()).delete("/v1/api_tokens/" + token.id()).then().statusCode(204);
    assertThat(
            Api.as(tenant.ownerToken())
                .get("/v1/api_tokens/" + token.id())
                .jsonPath()
                .getString("revoked_at"))
        .isEqualTo(shown.getString("revoked_at"));
    Api.as(tenant.ownerToken())
        .delete("/v1/api_tokens/" + UUID.randomUUID())
        .then()
        .statusCode(404);
    Api.as(tenant.ownerToken()).get("/v1/api_tokens/not-a-uuid").then().statusCode(404);
  }

  @Test
  void revokeSelf() {
    Api.Tenant tenant = Api.newTenant();
    Api.Token token = Api.newToken(tenant.ownerToken(), "self-destruct", List.of("scan"));
    Response response = Api.as(token.value()).delete("/v1/api_tokens/self");
    assertThat(response.statusCode()).isEqualTo(204);
    Response after = Api.as(token.value()).get("/v1/api_tokens/self");
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.jsonPath().getString("detail")).isEqualTo("Invalid API key.");
  }

  /**
   * Another replica revoking the token is simulated by writing the database directly, so this
   * replica's own invalidation plays no part: the one-second cache alone must let it through.
   */
  @Test
  void revocationElsewhereTakesEffectWithinOneSecond() throws Throwable {
    Api.Tenant tenant = Api.newTenant();
    Api.Token token = Api.newToken(tenant.ownerToken(), "cached", List.of("scan"));
    Api.as(token.value()).get("/v1/incidents/secrets").then().statusCode(403); // cached now
    Api.as(token.value()).get("/v1/health").then().statusCode(200);

    UUID id = UUID.fromString(token.id());
    VertxContextSupport.subscribeAndAwait(
        () ->
            Panache.withTransaction(
                () ->
                    tokens.update(
                        "revokedAt = ?1 where id = ?2",
                        Instant.now().truncatedTo(ChronoUnit.MICROS),
                        id)));
    long revoked = System.nanoTime();
    int status = 200;
    long lastOk = revoked;
    while (status != 401 && System.nanoTime() - revoked < Duration.ofSeconds(5).toNanos()) {
      status = Api.as(token.value()).get("/v1/health").statusCode();
      if (status == 200) {
        lastOk = System.nanoTime();
      }
    }
    assertThat(status).isEqualTo(401);
    assertThat(Duration.ofNanos(lastOk - revoked)).isLessThanOrEqualTo(Duration.ofMillis(1050));
  }

  @Test
  void expiredTokensAreRefusedAndListedAsExpired() throws Exception {
    Api.Tenant tenant = Api.newTenant();
    Map<String, Object> request = new HashMap<>();
    request.put("name", "two seconds");
    request.put("scopes", List.of("scan"));
    request.put("expire_at", Instant.now().plusSeconds(2).toString());
    Api.Token token = Api.newToken(tenant.ownerToken(), request);
    Api.as(token.value()).get("/v1/health").then().statusCode(200);
    Thread.sleep(2_100);
    Api.as(token.value()).get("/v1/health").then().statusCode(401);
    assertThat(ids(tenant, "status=expired")).containsExactly(token.id());
    assertThat(
            Api.as(tenant.ownerToken())
                .get("/v1/api_tokens/" + token.id())
                .jsonPath()
                .getString("status"))
        .isEqualTo("expired");
  }

  @Test
  void createReturnsTheValueOnceAndNeverMoreThanTheCreatorHolds() {
    Api.Tenant tenant = Api.newTenant();
    Api.Token limited =
        Api.newToken(tenant.ownerToken(), "limited", List.of("api_tokens:write", "scan"));

    Response created =
        Api.as(limited.value())
            .contentType(ContentType.JSON)
            .body(Map.of("name", "child", "scopes", List.of("scan")))
            .post("/v1/api_tokens");
    assertThat(created.statusCode()).isEqualTo(201);
    String value = created.jsonPath().getString("token");
    assertThat(value).startsWith("vgl_").hasSize(42);
    assertThat(created.jsonPath().getLong("creator_id")).isEqualTo(tenant.ownerId());
    // The token object's fields, in its order, then the project (null: not pinned) and the value.
    List<String> keys = new java.util.ArrayList<>();
    created
        .as(com.fasterxml.jackson.databind.JsonNode.class)
        .fieldNames()
        .forEachRemaining(keys::add);
    assertThat(keys.subList(0, keys.size() - 2)).containsExactlyInAnyOrderElementsOf(TOKEN_FIELDS);
    assertThat(keys.subList(keys.size() - 2, keys.size())).containsExactly("project_id", "token");
    assertThat(keys.get(0)).isEqualTo("id");
    assertThat(created.jsonPath().getMap("$")).containsEntry("project_id", null);
    Api.as(value).get("/v1/health").then().statusCode(200);

    Response exceeding =
        Api.as(limited.value())
            .contentType(ContentType.JSON)
            .body(Map.of("name", "greedy", "scopes", List.of("scan", "incidents:write")))
            .post("/v1/api_tokens");
    assertThat(exceeding.statusCode()).isEqualTo(400);
    assertThat(exceeding.jsonPath().getString("detail")).contains("incidents:write");

    Map<String, List<String>> badScopes = Map.of("scopes", List.of("root"));
    Response unknown =
        Api.as(tenant.ownerToken())
            .contentType(ContentType.JSON)
            .body(Map.of("name", "bad", "scopes", badScopes.get("scopes")))
            .post("/v1/api_tokens");
    assertThat(unknown.statusCode()).isEqualTo(400);

    Map<String, Object> past = new HashMap<>();
    past.put("name", "past");
    past.put("scopes", List.of("scan"));
    past.put("expire_at", "2020-01-01T00:00:00Z");
    Api.as(tenant.ownerToken())
        .contentType(ContentType.JSON)
        .body(past)
        .post("/v1/api_tokens")
        .then()
        .statusCode(400);
    Api.as(tenant.ownerToken())
        .contentType(ContentType.JSON)
        .body("{not json")
        .post("/v1/api_tokens")
        .then()
        .statusCode(400);

    // Creating needs api_tokens:write.
    Api.Token reader = Api.newToken(tenant.ownerToken(), "reader", List.of("api_tokens:read"));
    Api.as(reader.value())
        .contentType(ContentType.JSON)
        .body(Map.of("name", "x", "scopes", List.of("api_tokens:read")))
        .post("/v1/api_tokens")
        .then()
        .statusCode(403);
  }

  @Test
  void anotherTenantsTokensAreNotFound() {
    Api.Tenant a = Api.newTenant();
    Api.Tenant b = Api.newTenant();
    Api.Token bToken = Api.newToken(b.ownerToken(), "b's", List.of("scan"));
    String bProject = Api.newProject(b.ownerToken(), "b-project");

    Response get = Api.as(a.ownerToken()).get("/v1/api_tokens/" + bToken.id());
    assertThat(get.statusCode()).isEqualTo(404);
    assertThat(get.jsonPath().getMap("$")).isEqualTo(Map.of("detail", "Not found."));
    Api.as(a.ownerToken()).delete("/v1/api_tokens/" + bToken.id()).then().statusCode(404);
    Api.as(bToken.value()).get("/v1/health").then().statusCode(200);

    assertThat(ids(a, "")).doesNotContain(bToken.id(), b.ownerTokenId());
    assertThat(ids(a, "member_id=" + b.ownerId())).isEmpty();

    Map<String, Object> pinned = new HashMap<>();
    pinned.put("name", "sneaky");
    pinned.put("scopes", List.of("scan"));
    pinned.put("project_id", bProject);
    Api.as(a.ownerToken())
        .contentType(ContentType.JSON)
        .body(pinned)
        .post("/v1/api_tokens")
        .then()
        .statusCode(404);
    Map<String, Object> forB = new HashMap<>();
    forB.put("name", "sneaky");
    forB.put("scopes", List.of("scan"));
    forB.put("member_id", b.ownerId());
    Api.as(a.ownerToken())
        .contentType(ContentType.JSON)
        .body(forB)
        .post("/v1/api_tokens")
        .then()
        .statusCode(404);
  }

  @Test
  void legacyTokenEndpointServesOlderClients() {
    Api.Tenant tenant = Api.newTenant();
    Api.Token token = Api.newToken(tenant.ownerToken(), "My Token", List.of("scan"));
    JsonPath body =
        Api.as(token.value()).get("/v1/token").then().statusCode(200).extract().jsonPath();
    assertThat(body.getMap("$").keySet())
        .containsExactlyInAnyOrder("type", "account_id", "name", "scope", "expire_at");
    assertThat(body.getList("scope", String.class)).containsExactly("scan");
  }

  private static List<String> ids(Api.Tenant tenant, String query) {
    return Api.as(tenant.ownerToken())
        .get("/v1/api_tokens?per_page=100&" + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("id", String.class);
  }

  private static Map<String, String> links(String header) {
    Map<String, String> links = new HashMap<>();
    if (header == null) {
      return links;
    }
    Matcher m = Pattern.compile("<([^>]+)>;\\s*rel=\"(\\w+)\"").matcher(header);
    while (m.find()) {
      links.put(m.group(2), m.group(1));
    }
    return links;
  }

  private static String relative(String absolute) {
    java.net.URI uri = java.net.URI.create(absolute);
    return uri.getRawPath() + "?" + uri.getRawQuery();
  }

  static Set<String> keys(Map<String, ?> map) {
    return new LinkedHashSet<>(map.keySet());
  }
}
