package dev.vigil.secrets.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.secrets.service.IncidentRecorder;
import dev.vigil.secrets.service.IncidentRecorder.Sighting;
import dev.vigil.secrets.service.IncidentRecorder.Source;
import dev.vigil.testkit.TestTokens;
import dev.vigil.testkit.VigilTestResource;
import dev.vigil.testkit.contract.GitGuardianContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GitGuardian's incident API through HTTP on a tenant with a few hundred incidents: every answer
 * validated against GitGuardian's schemas, filters, orderings, cursors both ways, the lifecycle
 * with its events, and the errors in GitGuardian's shape.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class IncidentApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUDIENCE = "secrets-service";
  private static final Pattern LINK = Pattern.compile("<([^>]+)>; rel=\"(next|prev)\"");
  private static final int INCIDENTS = 240;
  private static final UUID TENANT = UUID.randomUUID();
  private static final UUID TOKEN_ID = UUID.randomUUID();
  private static final long MEMBER = 4932;
  private static boolean seeded;

  @Inject IncidentRecorder recorder;
  @Inject DataSource dataSource;

  static String token(UUID tenant, String... scopes) {
    return TestTokens.forAudience(AUDIENCE)
        .tenant(tenant)
        .member(MEMBER)
        .tokenId(TOKEN_ID)
        .scopes(scopes)
        .sign();
  }

  static Response get(String pathAndQuery) {
    return given()
        .auth()
        .oauth2(token(TENANT, "incidents:read"))
        .urlEncodingEnabled(false)
        .get(pathAndQuery);
  }

  static Response post(UUID tenant, String path, String body, String... scopes) {
    var request = given().auth().oauth2(token(tenant, scopes)).contentType("application/json");
    return (body == null ? request : request.body(body)).post(path);
  }

  static JsonNode json(Response response) throws Exception {
    return JSON.readTree(response.asByteArray());
  }

  /** Secret i: a GitHub-style token unique per i (built here, so the file holds none). */
  static String secret(int i) {
    return "ghp_" + String.format("%036d", i).replace('0', 'Q');
  }

  @BeforeEach
  void seed() {
    if (seeded) {
      return;
    }
    for (int i = 0; i < INCIDENTS; i++) {
      String path = i % 4 == 0 ? "tests/fixture" + i + ".py" : i % 4 == 1 ? ".env" : "src/a.py";
      recorder.record(
          TENANT,
          new Sighting(
              Source.REPOSITORY,
              i % 3 == 0 ? "github_access_token" : "github_oauth_token",
              "GitHub token",
              secret(i),
              Optional.of("octo/app"),
              path,
              Optional.of(String.format("%040x", i)),
              Optional.of("Ada Lovelace"),
              Optional.of("ada@example.com"),
              1 + i % 7,
              i,
              i + 40,
              Map.of()));
    }
    seeded = true;
  }

  /** Follows Link rel=next from the first page, checking each page and its prev link. */
  private List<Long> walk(String query, int perPage) throws Exception {
    List<Long> ids = new ArrayList<>();
    String next = "/v1/incidents/secrets?per_page=" + perPage + query;
    int pages = 0;
    while (next != null) {
      Response response = get(next);
      assertThat(response.statusCode()).as(next).isEqualTo(200);
      assertThat(response.header("Content-Type")).isEqualTo("application/json");
      assertThat(response.header("X-Per-Page")).isEqualTo(Integer.toString(perPage));
      JsonNode page = json(response);
      GitGuardianContract.get().check("get", "/v1/incidents/secrets", 200, page);
      assertThat(page.size()).isLessThanOrEqualTo(perPage);
      page.forEach(incident -> ids.add(incident.get("id").asLong()));
      Map<String, String> links = links(response.header("Link"));
      assertThat(links.containsKey("prev")).isEqualTo(pages > 0);
      next = links.get("next");
      if (next != null) {
        assertThat(page.size()).isEqualTo(perPage);
        next = URI.create(next).getRawPath() + "?" + URI.create(next).getRawQuery();
      }
      pages++;
      assertThat(pages).isLessThan(1000);
    }
    return ids;
  }

  private static Map<String, String> links(String header) {
    Map<String, String> links = new java.util.HashMap<>();
    if (header != null) {
      Matcher m = LINK.matcher(header);
      while (m.find()) {
        links.put(m.group(2), m.group(1));
      }
    }
    return links;
  }

  @Test
  void cursorsWalkEveryIncidentOnceInBothDirectionsAndInEveryOrdering() throws Exception {
    List<Long> ascending = walk("", 37);
    assertThat(ascending).hasSize(INCIDENTS).doesNotHaveDuplicates().isSorted();
    List<Long> descending = walk("&ordering=-date", 50);
    assertThat(descending).containsExactlyElementsOf(ascending.reversed());

    // From the last page, rel=prev leads back through every page to the first.
    Response last = get("/v1/incidents/secrets?per_page=100&ordering=-date&cursor=" + cursorTo(2));
    List<Long> back = new ArrayList<>();
    String prev = links(last.header("Link")).get("prev");
    json(last).forEach(i -> back.add(i.get("id").asLong()));
    while (prev != null) {
      Response page = get(URI.create(prev).getRawPath() + "?" + URI.create(prev).getRawQuery());
      List<Long> ids = new ArrayList<>();
      json(page).forEach(i -> ids.add(i.get("id").asLong()));
      back.addAll(0, ids);
      prev = links(page.header("Link")).get("prev");
    }
    assertThat(back).containsExactlyElementsOf(descending);

    // resolved_at: unresolved ones (null) sort last ascending.
    List<Long> byResolved = walk("&ordering=resolved_at", 100);
    assertThat(byResolved).hasSize(INCIDENTS).doesNotHaveDuplicates();
    assertThat(walk("&ordering=-ignored_at", 100)).hasSize(INCIDENTS).doesNotHaveDuplicates();
  }

  /** The cursor of the page after the n-th page of 100 in -date order. */
  private String cursorTo(int pages) throws Exception {
    String next = "/v1/incidents/secrets?per_page=100&ordering=-date";
    for (int i = 0; i < pages; i++) {
      String link = links(get(next).header("Link")).get("next");
      next = URI.create(link).getRawPath() + "?" + URI.create(link).getRawQuery();
    }
    return next.replaceAll(".*cursor=([^&]+).*", "$1");
  }

  @Test
  void filtersNarrowTheListingAsTheSeedDescribes() throws Exception {
    List<Long> all = walk("", 100);
    long resolvedId = all.get(5);
    long ignoredId = all.get(6);
    long assignedId = all.get(7);
    long criticalId = all.get(8);
    if (!resolvedOnce) {
      assertThat(
              post(
                      TENANT,
                      path(resolvedId, "resolve"),
                      "{\"secret_revoked\":true}",
                      "incidents:write")
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              post(
                      TENANT,
                      path(ignoredId, "ignore"),
                      "{\"ignore_reason\":\"low_risk\"}",
                      "incidents:write")
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              post(
                      TENANT,
                      path(assignedId, "assign"),
                      "{\"email\":\"Eric@example.com\"}",
                      "incidents:write")
                  .statusCode())
          .isEqualTo(200);
      Response patched =
          given()
              .auth()
              .oauth2(token(TENANT, "incidents:write"))
              .contentType("application/json")
              .body("{\"severity\":\"critical\"}")
              .patch("/v1/incidents/secrets/" + criticalId);
      assertThat(patched.statusCode()).isEqualTo(200);
      GitGuardianContract.get()
          .check("patch", "/v1/incidents/secrets/{incident_id}", 200, json(patched));
      resolvedOnce = true;
    }
    assertThat(walk("&status=RESOLVED", 100)).containsExactly(resolvedId);
    assertThat(walk("&status=IGNORED", 100)).containsExactly(ignoredId);
    assertThat(walk("&status=ASSIGNED", 100)).containsExactly(assignedId);
    assertThat(walk("&assignee_email=eric%40example.com", 100)).containsExactly(assignedId);
    assertThat(walk("&severity=critical", 100)).containsExactly(criticalId);
    assertThat(walk("&resolver_id=" + MEMBER, 100)).containsExactly(resolvedId);
    assertThat(walk("&resolver_api_token_id=" + TOKEN_ID, 100)).containsExactly(resolvedId);
    assertThat(walk("&ignorer_api_token_id=" + TOKEN_ID, 100)).containsExactly(ignoredId);
    assertThat(walk("&ignorer_id=" + MEMBER, 100)).containsExactly(ignoredId);
    assertThat(walk("&ignorer_id=1", 100)).isEmpty();
    assertThat(walk("&status=TRIGGERED", 100)).hasSize(INCIDENTS - 3);
    assertThat(walk("&tags=TEST_FILE", 100)).hasSize(INCIDENTS / 4);
    assertThat(walk("&tags=TEST_FILE,SENSITIVE_FILE", 100)).hasSize(INCIDENTS / 2);
    assertThat(walk("&tags=NONE", 100)).hasSize(INCIDENTS / 2);
    assertThat(walk("&tags=NONE,TEST_FILE", 100)).hasSize(INCIDENTS * 3 / 4);
    assertThat(walk("&detector_group_name=github_access_token", 100)).hasSize(INCIDENTS / 3);
    assertThat(walk("&validity=unknown", 100)).hasSize(INCIDENTS);
    assertThat(walk("&validity=valid", 100)).isEmpty();
    assertThat(walk("&date_after=2999-01-01T00:00:00Z", 100)).isEmpty();
    assertThat(walk("&date_before=2999-01-01T00:00:00Z", 100)).hasSize(INCIDENTS);

    Set<String> events = new HashSet<>();
    for (long id : List.of(resolvedId, ignoredId, assignedId, criticalId)) {
      events.addAll(
          strings(
              "SELECT event_type || ':' || count(*) FROM outbox_event WHERE message_key = ?"
                  + " GROUP BY event_type",
              TENANT + "/secret-incident/" + id));
    }
    assertThat(events)
        .contains(
            "secret-incident.resolved:1",
            "secret-incident.ignored:1",
            "secret-incident.assigned:1",
            "secret-incident.severity-changed:1");
  }

  private static boolean resolvedOnce;

  private static String path(long id, String action) {
    return "/v1/incidents/secrets/" + id + "/" + action;
  }

  @Test
  void retrieveShowsOccurrencesAndTheLifecycleFollowsGitGuardian() throws Exception {
    long id = walk("&tags=SENSITIVE_FILE&status=TRIGGERED", 100).get(0);
    Response one = get("/v1/incidents/secrets/" + id + "?with_occurrences=5");
    assertThat(one.statusCode()).isEqualTo(200);
    JsonNode incident = json(one);
    GitGuardianContract.get().check("get", "/v1/incidents/secrets/{incident_id}", 200, incident);
    assertThat(incident.get("occurrences")).hasSize(1);
    JsonNode occurrence = incident.get("occurrences").get(0);
    assertThat(occurrence.get("filepath").asText()).isEqualTo(".env");
    assertThat(occurrence.at("/source/full_name").asText()).isEqualTo("octo/app");
    assertThat(occurrence.get("author_info").asText()).isEqualTo("ada@example.com");
    assertThat(incident.get("tags").toString()).isEqualTo("[\"SENSITIVE_FILE\"]");
    // Every seeded secret holds a long run of Q; no answer shows one.
    assertThat(incident.toString()).doesNotContain("QQQQQQ");
    assertThat(json(get("/v1/incidents/secrets/" + id + "?with_occurrences=0")).get("occurrences"))
        .isEmpty();

    String write = "incidents:write";
    Response resolved = post(TENANT, path(id, "resolve"), "{\"secret_revoked\":false}", write);
    GitGuardianContract.get()
        .check("post", "/v1/incidents/secrets/{incident_id}/resolve", 200, json(resolved));
    assertThat(json(resolved).get("status").asText()).isEqualTo("RESOLVED");
    Response again = post(TENANT, path(id, "resolve"), "{\"secret_revoked\":false}", write);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.header("Content-Type")).isEqualTo("application/json");
    assertThat(json(again).has("detail")).isTrue();
    Response reopened = post(TENANT, path(id, "reopen"), null, write);
    GitGuardianContract.get()
        .check("post", "/v1/incidents/secrets/{incident_id}/reopen", 200, json(reopened));
    assertThat(json(reopened).get("resolved_at").isNull()).isTrue();
    Response assigned = post(TENANT, path(id, "assign"), "{\"member_id\":309}", write);
    assertThat(json(assigned).get("assignee_id").asLong()).isEqualTo(309);
    Response unassigned = post(TENANT, path(id, "unassign"), null, write);
    GitGuardianContract.get()
        .check("post", "/v1/incidents/secrets/{incident_id}/unassign", 200, json(unassigned));
    assertThat(json(unassigned).get("status").asText()).isEqualTo("TRIGGERED");

    Response shared = post(TENANT, path(id, "share"), "{\"lifespan\":24}", "incidents:share");
    assertThat(shared.statusCode()).isEqualTo(200);
    GitGuardianContract.get()
        .check("post", "/v1/incidents/secrets/{incident_id}/share", 200, json(shared));
    assertThat(json(get("/v1/incidents/secrets/" + id)).get("share_url").asText())
        .isEqualTo(json(shared).get("share_url").asText());
    assertThat(post(TENANT, path(id, "unshare"), null, "incidents:share").statusCode())
        .isEqualTo(204);
    assertThat(json(get("/v1/incidents/secrets/" + id)).has("share_url")).isFalse();
    assertThat(post(TENANT, path(id, "share"), null, "incidents:write").statusCode())
        .isEqualTo(403);
  }

  @Test
  void badInputAndOtherTenantsAnswerInGitGuardiansShape() throws Exception {
    long id = walk("", 100).get(0);
    Map<String, Integer> bad =
        Map.of(
            "/v1/incidents/secrets?per_page=0",
            400,
            "/v1/incidents/secrets?per_page=101",
            400,
            "/v1/incidents/secrets?per_page=abc",
            400,
            "/v1/incidents/secrets?status=OPEN",
            400,
            "/v1/incidents/secrets?tags=NONE,SECRET",
            400,
            "/v1/incidents/secrets?ordering=severity",
            400,
            "/v1/incidents/secrets?cursor=not-a-cursor",
            400,
            "/v1/incidents/secrets?date_after=yesterday",
            400,
            "/v1/incidents/secrets/" + id + "?with_occurrences=101",
            400,
            "/v1/occurrences/secrets?sha=ab",
            400);
    for (var entry : bad.entrySet()) {
      Response response = get(entry.getKey());
      assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(entry.getValue());
      assertThat(response.header("Content-Type")).isEqualTo("application/json");
      assertThat(json(response).fieldNames()).toIterable().containsExactly("detail");
    }
    // A cursor of one ordering is refused by another.
    String link = links(get("/v1/incidents/secrets?per_page=5").header("Link")).get("next");
    String cursor = link.replaceAll(".*cursor=([^&>]+).*", "$1");
    assertThat(get("/v1/incidents/secrets?ordering=-date&cursor=" + cursor).statusCode())
        .isEqualTo(400);

    UUID stranger = UUID.randomUUID();
    Response foreign =
        given().auth().oauth2(token(stranger, "incidents:read")).get("/v1/incidents/secrets/" + id);
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(json(foreign).toString()).isEqualTo("{\"detail\":\"Not found.\"}");
    assertThat(
            post(stranger, path(id, "resolve"), "{\"secret_revoked\":true}", "incidents:write")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            given()
                .auth()
                .oauth2(token(stranger, "incidents:read"))
                .get("/v1/incidents/secrets")
                .asString())
        .isEqualTo("[]");
    assertThat(get("/v1/incidents/secrets/99999999").statusCode()).isEqualTo(404);
    assertThat(
            post(TENANT, path(id, "ignore"), "{\"ignore_reason\":\"bored\"}", "incidents:write")
                .statusCode())
        .isEqualTo(400);
    assertThat(post(TENANT, path(id, "resolve"), "{}", "incidents:write").statusCode())
        .isEqualTo(400);
    assertThat(post(TENANT, path(id, "resolve"), "[1]", "incidents:write").statusCode())
        .isEqualTo(400);
    assertThat(
            post(
                    TENANT,
                    path(id, "assign"),
                    "{\"email\":\"a@b.c\",\"member_id\":3}",
                    "incidents:write")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            post(TENANT, path(id, "resolve"), "{\"secret_revoked\":true}", "incidents:read")
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void occurrencesListWithFiltersAndCursors() throws Exception {
    List<Long> ids = new ArrayList<>();
    String next = "/v1/occurrences/secrets?per_page=70&ordering=-date";
    while (next != null) {
      Response response = get(next);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode page = json(response);
      GitGuardianContract.get().check("get", "/v1/occurrences/secrets", 200, page);
      page.forEach(o -> ids.add(o.get("id").asLong()));
      String link = links(response.header("Link")).get("next");
      next =
          link == null
              ? null
              : URI.create(link).getRawPath() + "?" + URI.create(link).getRawQuery();
    }
    assertThat(ids)
        .hasSize(INCIDENTS)
        .doesNotHaveDuplicates()
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(json(get("/v1/occurrences/secrets?per_page=100&filepath=tests/")).size())
        .isEqualTo(INCIDENTS / 4);
    assertThat(
            json(get("/v1/occurrences/secrets?per_page=100&sha=" + String.format("%040x", 7)))
                .size())
        .isEqualTo(1);
    assertThat(json(get("/v1/occurrences/secrets?per_page=100&author_name=lovelace")).size())
        .isEqualTo(100);
    assertThat(json(get("/v1/occurrences/secrets?per_page=100&source_name=nobody/else")).size())
        .isZero();
    long incidentId = walk("", 100).get(3);
    JsonNode ofIncident = json(get("/v1/occurrences/secrets?incident_id=" + incidentId));
    assertThat(ofIncident).hasSize(1);
    long sourceId = ofIncident.get(0).at("/source/id").asLong();
    assertThat(json(get("/v1/occurrences/secrets?per_page=100&source_id=" + sourceId)).size())
        .isEqualTo(100);
  }

  private List<String> strings(String sql, Object... args) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    }
  }
}
