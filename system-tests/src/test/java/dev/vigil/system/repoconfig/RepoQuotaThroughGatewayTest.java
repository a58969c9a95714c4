package dev.vigil.system.repoconfig;

import static dev.vigil.system.repoconfig.Client.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.vigil.repoconfig.testing.AtOnce;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Repositories-per-project quotas by the tenant's plan (the gateway puts the plan in the JWT;
 * repo-config applies free 5, team 50), as 403 QUOTA_EXCEEDED with {@code details.limit} and {@code
 * details.current}, and enforced under concurrency through the gateway.
 */
class RepoQuotaThroughGatewayTest {

  private static Vigil.Tenant free;

  @BeforeAll
  static void tenant() {
    free = Vigil.get().tenant("free");
  }

  @Test
  void twentyConcurrentPostsAtQuotaMinusOneLetExactlyOneThrough() throws Exception {
    Client p = free.writerOnNewProject();
    p.connect(Client.github("ghp_quota", "acme/r1", "acme/r2", "acme/r3", "acme/r4"));

    int requests = 20;
    List<String> bodies =
        IntStream.range(0, requests)
            .mapToObj(i -> Client.github("ghp_quota", "acme/extra-" + i))
            .toList();
    List<Response> responses =
        AtOnce.send(requests, Duration.ofSeconds(120), i -> p.post(bodies.get(i)));

    assertThat(responses.stream().filter(r -> r.statusCode() == 201)).hasSize(1);
    List<Response> rejected = responses.stream().filter(r -> r.statusCode() != 201).toList();
    assertThat(rejected).hasSize(requests - 1);
    for (Response r : rejected) {
      assertError(r, 403, "QUOTA_EXCEEDED");
      r.then().body("error.details.limit", equalTo(5)).body("error.details.current", equalTo(5));
    }
    // Two connections holding exactly the five repositories the plan allows.
    List<String> ids = p.allIds();
    assertThat(ids).hasSize(2);
    int repositories =
        ids.stream().mapToInt(id -> p.get(id).jsonPath().getList("data.repositories").size()).sum();
    assertThat(repositories).isEqualTo(5);
  }

  @Test
  void putChangesTheCountByTheDifferenceAndDeleteGivesItBack() {
    Client p = free.writerOnNewProject();
    String a = p.connect(Client.github("ghp_quota", "acme/a1", "acme/a2", "acme/a3"));
    assertQuotaExceeded(p.post(Client.github("ghp_quota", "x/1", "x/2", "x/3")), 3);

    p.put(a, Client.github("ghp_quota", "acme/a1", "acme/a2", "acme/a3", "acme/a4", "acme/a5"))
        .then()
        .statusCode(200);
    assertQuotaExceeded(p.post(Client.github("ghp_quota", "x/1")), 5);
    assertQuotaExceeded(p.put(a, Client.github("ghp_quota", names("acme/b", 6))), 5);
    // Nothing half-written: the connection keeps its five repositories.
    p.get(a).then().body("data.repositories.size()", equalTo(5));

    // Swapping repositories needs no extra room; shrinking gives room back.
    p.put(a, Client.github("ghp_quota", names("acme/c", 5))).then().statusCode(200);
    p.put(a, Client.github("ghp_quota", "acme/c0", "acme/c1")).then().statusCode(200);
    String b = p.connect(Client.github("ghp_quota", "x/1", "x/2", "x/3"));
    assertQuotaExceeded(p.post(Client.github("ghp_quota", "x/4")), 5);

    p.delete(a).then().statusCode(200);
    assertQuotaExceeded(p.post(Client.github("ghp_quota", names("y/r", 3))), 3);
    p.connect(Client.github("ghp_quota", "y/r0", "y/r1"));
    p.delete(b).then().statusCode(200);
    assertThat(p.allIds()).hasSize(1);
  }

  @Test
  void quotasArePerProjectAndFollowTheTenantsPlan() {
    Client first = free.writerOnNewProject();
    first.connect(Client.body("github", Map.of("token", "t"), List.of(names("a/r", 5)), false));
    assertQuotaExceeded(first.post(Client.github("t", "a/six")), 5);
    // Another project of the same tenant has its own count.
    free.writerOnNewProject()
        .connect(Client.body("github", Map.of("token", "t"), List.of(names("a/r", 5)), false));

    // More than the plan allows in one request: the current count is what is stored.
    Response tooMany =
        free.writerOnNewProject()
            .post(Client.body("github", Map.of("token", "t"), List.of(names("a/r", 6)), false));
    assertQuotaExceeded(tooMany, 0);

    Vigil.Tenant team = Vigil.get().tenant("team");
    Client teamProject = team.writerOnNewProject();
    teamProject.connect(
        Client.body("github", Map.of("token", "t"), List.of(names("acme/r", 50)), false));
    Response over = teamProject.post(Client.github("t", "acme/one-more"));
    assertError(over, 403, "QUOTA_EXCEEDED");
    over.then().body("error.details.limit", equalTo(50)).body("error.details.current", equalTo(50));

    // Enterprise has no repository quota.
    Client enterprise = Vigil.get().tenant("enterprise").writerOnNewProject();
    enterprise.connect(
        Client.body("github", Map.of("token", "t"), List.of(names("acme/r", 60)), false));
    enterprise.connect(
        Client.body("github", Map.of("token", "t"), List.of(names("acme/s", 60)), false));
  }

  private static void assertQuotaExceeded(Response response, int current) {
    assertError(response, 403, "QUOTA_EXCEEDED");
    response
        .then()
        .body("error.details.limit", equalTo(5))
        .body("error.details.current", equalTo(current));
  }

  private static String[] names(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).toArray(String[]::new);
  }
}
