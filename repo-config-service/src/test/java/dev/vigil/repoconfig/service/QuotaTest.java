package dev.vigil.repoconfig.service;

import static dev.vigil.repoconfig.support.Api.REPOS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.vigil.repoconfig.support.Api;
import dev.vigil.repoconfig.support.Api.Project;
import dev.vigil.repoconfig.support.Db;
import dev.vigil.repoconfig.support.FakePlatforms;
import dev.vigil.repoconfig.testing.AtOnce;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Repositories-per-project quotas by plan, enforced under concurrency. */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(FakePlatforms.class)
class QuotaTest {

  @Inject DataSource dataSource;

  @Test
  void twentyConcurrentPostsAtQuotaMinusOneLetExactlyOneThrough() throws Exception {
    Project p = Project.fresh("free");
    p.connect(Api.github("ghp_good_q", "acme/r1", "acme/r2", "acme/r3", "acme/r4"));

    int requests = 20;
    List<String> bodies =
        IntStream.range(0, requests)
            .mapToObj(i -> Api.github("ghp_good_q", "acme/extra-" + i))
            .toList();
    List<String> tokens =
        IntStream.range(0, requests).mapToObj(i -> p.token("config:write")).toList();
    List<Response> responses =
        AtOnce.send(
            requests,
            Duration.ofSeconds(60),
            i ->
                io.restassured.RestAssured.given()
                    .auth()
                    .oauth2(tokens.get(i))
                    .contentType("application/json")
                    .body(bodies.get(i))
                    .post(REPOS));

    assertThat(responses.stream().filter(r -> r.statusCode() == 201)).hasSize(1);
    List<Response> rejected = responses.stream().filter(r -> r.statusCode() != 201).toList();
    assertThat(rejected).hasSize(requests - 1);
    for (Response r : rejected) {
      r.then()
          .statusCode(403)
          .body("success", equalTo(false))
          .body("error.code", equalTo("QUOTA_EXCEEDED"))
          .body("error.details.limit", equalTo(5))
          .body("error.details.current", equalTo(5));
    }
    assertThat(count(p)).isEqualTo(5);
    assertThat(
            Db.number(
                dataSource,
                "SELECT count(*) FROM connected_repository WHERE tenant_id = ? AND project_id = ?",
                p.tenant(),
                p.project()))
        .isEqualTo(5);
    p.reader().get(REPOS).then().statusCode(200).body("data.size()", equalTo(2));
  }

  @Test
  void putChangesTheCountByTheDifferenceAndDeleteGivesItBack() {
    // "small" = 2 repositories, an override from configuration.
    Project p = Project.fresh("small");
    String id = p.connect(Api.github("ghp_good_q", "acme/a"));
    assertThat(count(p)).isEqualTo(1);

    p.writer()
        .body(Api.github("ghp_good_q", "acme/a", "acme/b"))
        .put(REPOS + "/" + id)
        .then()
        .statusCode(200);
    assertThat(count(p)).isEqualTo(2);

    p.writer()
        .body(Api.github("ghp_good_q", "acme/a", "acme/b", "acme/c"))
        .put(REPOS + "/" + id)
        .then()
        .statusCode(403)
        .body("error.code", equalTo("QUOTA_EXCEEDED"))
        .body("error.details.limit", equalTo(2))
        .body("error.details.current", equalTo(2));
    // Nothing half-written: the connection still has its two repositories.
    p.reader().get(REPOS + "/" + id).then().body("data.repositories.size()", equalTo(2));

    // Swapping one repository for another needs no extra room.
    p.writer()
        .body(Api.github("ghp_good_q", "acme/a", "acme/z"))
        .put(REPOS + "/" + id)
        .then()
        .statusCode(200);
    p.writer()
        .body(Api.github("ghp_good_q", "acme/a"))
        .put(REPOS + "/" + id)
        .then()
        .statusCode(200);
    assertThat(count(p)).isEqualTo(1);

    p.writer().delete(REPOS + "/" + id).then().statusCode(200);
    assertThat(count(p)).isZero();
    p.connect(Api.github("ghp_good_q", "acme/x", "acme/y"));
    p.writer()
        .body(Api.github("ghp_good_q", "acme/w"))
        .post(REPOS)
        .then()
        .statusCode(403)
        .body("error.code", equalTo("QUOTA_EXCEEDED"));
  }

  @Test
  void quotasArePerProjectAndPlanAndUnknownPlansGetTheFreeLimit() {
    Project unknown = Project.fresh("platinum-trial");
    unknown
        .writer()
        .body(
            Api.body(
                "github",
                Map.of("token", "t"),
                List.of("a/1", "a/2", "a/3", "a/4", "a/5", "a/6"),
                false))
        .post(REPOS)
        .then()
        .statusCode(403)
        .body("error.details.limit", equalTo(5))
        .body("error.details.current", equalTo(0));
    unknown.connect(
        Api.body(
            "github", Map.of("token", "t"), List.of("a/1", "a/2", "a/3", "a/4", "a/5"), false));
    // Another project of the same tenant has its own count.
    unknown.sibling().connect(Api.body("github", Map.of("token", "t"), List.of("a/1"), false));

    Project team = Project.fresh("team");
    List<String> fifty = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fifty.add("acme/repo-" + i);
    }
    team.connect(Api.body("github", Map.of("token", "t"), fifty, false));
    team.writer()
        .body(Api.body("github", Map.of("token", "t"), List.of("acme/one-more"), false))
        .post(REPOS)
        .then()
        .statusCode(403)
        .body("error.details.limit", equalTo(50));

    Project enterprise = Project.fresh("enterprise");
    enterprise.connect(Api.body("github", Map.of("token", "t"), fifty, false));
    enterprise.connect(Api.body("github", Map.of("token", "t"), fifty, false));
    assertThat(count(enterprise)).isEqualTo(100);
  }

  private long count(Project p) {
    return Db.number(
        dataSource,
        "SELECT repo_count FROM project_repo_count WHERE tenant_id = ? AND project_id = ?",
        p.tenant(),
        p.project());
  }
}
