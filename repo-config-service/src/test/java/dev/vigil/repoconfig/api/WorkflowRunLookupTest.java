package dev.vigil.repoconfig.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.vigil.repoconfig.support.Api;
import dev.vigil.repoconfig.support.Api.Project;
import dev.vigil.repoconfig.support.Db;
import dev.vigil.repoconfig.support.FakePlatforms;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * GitHub's "get a workflow run" (for codeql-action's analysis key), forwarded read-only to the
 * connected repository's GitHub with the connection's credentials.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(FakePlatforms.class)
class WorkflowRunLookupTest {

  private static final String READ = "security_events:read";

  @Inject DataSource dataSource;

  @Test
  void aConnectedRepositorysRunComesFromItsGitHubWithTheConnectionsToken() {
    Project p = Project.fresh();
    String id = p.connect(Api.github(Api.secret("ghp_good_run"), "acme/runs-app"));

    var answer =
        p.as(READ)
            .queryParam("exclude_pull_requests", "true")
            .get("/repos/acme/runs-app/actions/runs/4242");
    answer
        .then()
        .statusCode(200)
        .header("Content-Type", matchesPattern("application/json; ?charset=(?i)utf-8"))
        .body("id", equalTo(4242))
        .body("path", equalTo(".github/workflows/scan.yml"))
        .body("excluded_pull_requests", equalTo(true));
    assertThat(answer.asString()).doesNotContain("ghp_good_run");
    // GitHub's names are case-insensitive.
    p.as(READ).get("/repos/ACME/Runs-App/actions/runs/7").then().statusCode(200);
    assertThat(
            Db.number(
                dataSource,
                "SELECT count(*) FROM credential_access_audit WHERE connection_id = ?"
                    + " AND purpose = 'github-workflow-run-lookup'",
                id))
        .isEqualTo(2);
  }

  @Test
  void unknownRepositoriesRunsAndOtherTenantsAreGitHubs404() {
    Project p = Project.fresh();
    p.connect(Api.github("ghp_good_run", "acme/runs-404"));
    notFound(p, "/repos/acme/runs-404/actions/runs/404");
    notFound(p, "/repos/acme/not-connected/actions/runs/1");
    notFound(p, "/repos/acme/runs-404/actions/runs/not-a-number");
    notFound(p, "/repos/acme/runs-404/actions/runs/0");
    notFound(Project.fresh(), "/repos/acme/runs-404/actions/runs/1");
  }

  @Test
  void scopeIsNeededAndRefusedCredentialsAreABadGateway() {
    Project p = Project.fresh();
    p.connect(Api.github("ghp_good_run", "acme/runs-scope"));
    p.as("config:read")
        .get("/repos/acme/runs-scope/actions/runs/1")
        .then()
        .statusCode(403)
        .body("documentation_url", equalTo("https://docs.github.com/rest"));

    Project revoked = Project.fresh();
    revoked.connect(Api.github("ghp_revoked", "acme/runs-revoked"));
    revoked
        .as(READ)
        .get("/repos/acme/runs-revoked/actions/runs/1")
        .then()
        .statusCode(502)
        .body("message", equalTo("The repository's connection credentials were refused by GitHub"));
  }

  private static void notFound(Project p, String path) {
    p.as(READ)
        .get(path)
        .then()
        .statusCode(404)
        .body("message", equalTo("Not Found"))
        .body("documentation_url", equalTo("https://docs.github.com/rest"));
  }
}
