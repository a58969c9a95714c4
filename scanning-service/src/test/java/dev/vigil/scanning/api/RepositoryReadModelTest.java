package dev.vigil.scanning.api;

import static dev.vigil.scanning.api.ScanningTestSupport.BASE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.scanning.api.ScanningTestSupport.Tenant;
import dev.vigil.testkit.TestTokens;
import dev.vigil.testkit.VigilTestResource;
import dev.vigil.testkit.contract.GitHubContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The repository read model fed by {@code vigil.repos.v1}: a repository is known once connected
 * (owner/repo matched without case), follows updates, is forgotten on disconnection, and is never
 * visible to another tenant. Every 404 is GitHub's.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class RepositoryReadModelTest {

  @Inject DataSource dataSource;

  @Test
  void unknownRepositoryIsNotFoundOnEveryEndpoint() {
    Tenant tenant = Tenant.create();
    GitHubContract contract = GitHubContract.get();
    String[][] calls = {
      {"get", BASE + "/analyses"},
      {"get", BASE + "/alerts"},
      {"get", BASE + "/alerts/1"},
      {"get", BASE + "/alerts/1/instances"},
      {"get", BASE + "/analyses/1"},
      {"delete", BASE + "/analyses/1"},
      {"get", BASE + "/sarifs/" + UUID.randomUUID()},
    };
    for (String[] call : calls) {
      Response r =
          given().auth().oauth2(tenant.token()).request(call[0], call[1], "nobody", "nothing");
      assertThat(r.statusCode()).as(call[0] + " " + call[1]).isEqualTo(404);
      assertThat(r.jsonPath().getString("message")).isEqualTo("Not Found");
      assertThat(r.jsonPath().getString("documentation_url")).isNotBlank();
      contract.check(call[0], template(call[1]), r);
    }
    Response patch =
        given()
            .auth()
            .oauth2(tenant.token())
            .contentType("application/json")
            .body("{\"state\":\"open\"}")
            .patch(BASE + "/alerts/1", "nobody", "nothing");
    assertThat(patch.statusCode()).isEqualTo(404);
    contract.check("patch", BASE + "/alerts/{alert_number}", patch);
    Response upload =
        ScanningTestSupport.upload(
            tenant,
            "nobody/nothing",
            ScanningTestSupport.uploadBody(
                ScanningTestSupport.SHA, "refs/heads/main", ScanningTestSupport.encode("{}")));
    assertThat(upload.statusCode()).isEqualTo(404);
    contract.check("post", BASE + "/sarifs", upload);
  }

  @Test
  void connectedRepositoryIsKnownWithoutRegardToCase() {
    Tenant tenant = Tenant.create();
    ScanningTestSupport.connect(tenant, "Acme/Checkout-API", "main");
    Response r =
        given().auth().oauth2(tenant.token()).get(BASE + "/analyses", "acme", "checkout-api");
    assertThat(r.statusCode()).isEqualTo(200);
    GitHubContract.get().check("get", BASE + "/analyses", r);
    assertThat(r.jsonPath().getList("$")).isEmpty();
    // GitHub accepts the repository name with .git too.
    assertThat(
            given()
                .auth()
                .oauth2(tenant.readToken())
                .get(BASE + "/alerts", "ACME", "checkout-api.git")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void answersGitHubMediaTypesAsOctokitSendsThem() {
    Tenant tenant = Tenant.create();
    ScanningTestSupport.connect(tenant, "acme/octokit", "main");
    for (String accept :
        List.of("application/vnd.github+json", "application/vnd.github.v3+json", "*/*")) {
      Response ok =
          given()
              .auth()
              .oauth2(tenant.token())
              .accept(accept)
              .get(BASE + "/alerts", "acme", "octokit");
      assertThat(ok.statusCode()).as(accept).isEqualTo(200);
      assertThat(ok.contentType()).startsWith("application/json");
      Response missing =
          given()
              .auth()
              .oauth2(tenant.token())
              .accept(accept)
              .get(BASE + "/alerts/5", "acme", "octokit");
      assertThat(missing.statusCode()).as(accept).isEqualTo(404);
      GitHubContract.get().check("get", BASE + "/alerts/{alert_number}", missing);
      Response upload =
          given()
              .auth()
              .oauth2(tenant.token())
              .accept(accept)
              .contentType("application/json; charset=utf-8")
              .body(
                  ScanningTestSupport.uploadBody(
                      ScanningTestSupport.SHA,
                      "refs/heads/main",
                      ScanningTestSupport.encode("{\"version\":\"2.1.0\",\"runs\":[]}")))
              .post(BASE + "/sarifs", "acme", "octokit");
      assertThat(upload.statusCode()).as(accept).isEqualTo(202);
    }
  }

  @Test
  void otherTenantsRepositoryIsNotFound() {
    Tenant owner = Tenant.create();
    Tenant stranger = Tenant.create();
    ScanningTestSupport.connect(owner, "acme/private-repo", "main");
    Response r =
        given().auth().oauth2(stranger.token()).get(BASE + "/alerts", "acme", "private-repo");
    assertThat(r.statusCode()).isEqualTo(404);
    GitHubContract.get().check("get", BASE + "/alerts", r);
  }

  @Test
  void updateChangesDefaultBranchAndDisconnectForgets() throws Exception {
    Tenant tenant = Tenant.create();
    String connection = ScanningTestSupport.connect(tenant, "acme/moving", "main");
    UUID project = UUID.randomUUID();
    ScanningTestSupport.publish(
        EventType.REPO_UPDATED,
        tenant.id(),
        new RepoEvent(
            connection,
            project,
            RepoEvent.Platform.GITHUB,
            "acme/moving",
            null,
            "develop",
            RepoEvent.Visibility.PRIVATE,
            30,
            List.of(new RepoEvent.ServiceMapping("api", "services/api", "develop"))));
    ScanningTestSupport.await(
        "default branch updated",
        Duration.ofSeconds(30),
        () -> "develop".equals(defaultBranch(connection)));

    CloudEvent<RepoEvent> disconnected =
        ScanningTestSupport.publish(
            EventType.REPO_DISCONNECTED,
            tenant.id(),
            RepoEvent.disconnected(
                connection, project, RepoEvent.Platform.GITHUB, "acme/moving", null));
    ScanningTestSupport.awaitStatus(tenant, "acme/moving", 404);
    // A redelivered copy of an event is applied once; an older event delivered late does not
    // resurrect the repository.
    ScanningTestSupport.publish(disconnected, connection);
    RepoEvent late =
        new RepoEvent(
            connection,
            project,
            RepoEvent.Platform.GITHUB,
            "acme/moving",
            null,
            "main",
            RepoEvent.Visibility.PRIVATE,
            30,
            List.of());
    ScanningTestSupport.publish(
        new CloudEvent<>(
            CloudEvent.SPEC_VERSION,
            UUID.randomUUID().toString(),
            disconnected.source(),
            EventType.REPO_CONNECTED.type(),
            disconnected.time().minusSeconds(60),
            connection,
            tenant.id().toString(),
            CloudEvent.JSON,
            late),
        connection);
    // A marker on the same partition (same key) after it: once the marker is applied, so is the
    // late event.
    RepoEvent marker =
        new RepoEvent(
            "rc_marker" + UUID.randomUUID().toString().substring(0, 8),
            project,
            RepoEvent.Platform.GITHUB,
            "acme/marker",
            null,
            "main",
            RepoEvent.Visibility.PRIVATE,
            30,
            List.of());
    ScanningTestSupport.publish(
        CloudEvent.of(
            EventType.REPO_CONNECTED, disconnected.source(), "marker", tenant.id(), marker),
        connection);
    ScanningTestSupport.awaitStatus(tenant, "acme/marker", 200);
    assertThat(
            given()
                .auth()
                .oauth2(tenant.token())
                .get(BASE + "/alerts", "acme", "moving")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void everyRepositoryOfAConnectionIsKnownAndChangesApplyPerRepository() {
    Tenant tenant = Tenant.create();
    String connection = "rc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    UUID project = UUID.randomUUID();
    List<String> repos = List.of("acme/checkout-x", "acme/billing-x", "acme/search-x");
    // repo-config announces a connection as one event per repository, all keyed by the connection.
    for (String repo : repos) {
      ScanningTestSupport.publish(
          EventType.REPO_CONNECTED, tenant.id(), repoEvent(connection, project, repo, "main"));
    }
    ScanningTestSupport.awaitStatus(tenant, repos.get(2), 200);
    for (String repo : repos) {
      String[] parts = repo.split("/");
      Response upload =
          ScanningTestSupport.upload(
              tenant,
              repo,
              ScanningTestSupport.uploadBody(
                  ScanningTestSupport.SHA,
                  "refs/heads/main",
                  ScanningTestSupport.encode("{\"version\":\"2.1.0\",\"runs\":[]}")));
      assertThat(upload.statusCode()).as(repo).isEqualTo(202);
      assertThat(given().auth().oauth2(tenant.token()).get(BASE + "/alerts", parts[0], parts[1]))
          .extracting(Response::statusCode)
          .as(repo)
          .isEqualTo(200);
    }

    // A replace that keeps two repositories (one with a new default branch) and drops one.
    ScanningTestSupport.publish(
        EventType.REPO_DISCONNECTED,
        tenant.id(),
        RepoEvent.disconnected(connection, project, RepoEvent.Platform.GITHUB, repos.get(1), null));
    ScanningTestSupport.publish(
        EventType.REPO_UPDATED, tenant.id(), repoEvent(connection, project, repos.get(0), "dev"));
    ScanningTestSupport.publish(
        EventType.REPO_UPDATED, tenant.id(), repoEvent(connection, project, repos.get(2), "main"));
    ScanningTestSupport.await(
        "checkout's default branch updated",
        Duration.ofSeconds(30),
        () -> "dev".equals(defaultBranch(connection, repos.get(0))));
    ScanningTestSupport.awaitStatus(tenant, repos.get(1), 404);
    ScanningTestSupport.awaitStatus(tenant, repos.get(0), 200);
    ScanningTestSupport.awaitStatus(tenant, repos.get(2), 200);
    assertThat(defaultBranch(connection, repos.get(2))).isEqualTo("main");
  }

  private static RepoEvent repoEvent(
      String connection, UUID project, String fullName, String defaultBranch) {
    return new RepoEvent(
        connection,
        project,
        RepoEvent.Platform.GITHUB,
        fullName,
        null,
        defaultBranch,
        RepoEvent.Visibility.PRIVATE,
        30,
        List.of());
  }

  @Test
  void missingOrWrongScopesAndBadTokensAreRejected() {
    Tenant tenant = Tenant.create();
    ScanningTestSupport.connect(tenant, "acme/scoped", "main");
    GitHubContract contract = GitHubContract.get();
    Response anonymous = given().get(BASE + "/alerts", "acme", "scoped");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    contract.check("get", BASE + "/alerts", anonymous);
    String other =
        TestTokens.forAudience("scanning-service").tenant(tenant.id()).scopes("repo").sign();
    Response forbidden = given().auth().oauth2(other).get(BASE + "/alerts", "acme", "scoped");
    assertThat(forbidden.statusCode()).isEqualTo(403);
    contract.check("get", BASE + "/alerts", forbidden);
    // Reading is not enough to upload.
    Response readOnly =
        given()
            .auth()
            .oauth2(tenant.readToken())
            .contentType("application/json")
            .body("{}")
            .post(BASE + "/sarifs", "acme", "scoped");
    assertThat(readOnly.statusCode()).isEqualTo(403);
    contract.check("post", BASE + "/sarifs", readOnly);
    Response stranger =
        given()
            .auth()
            .oauth2(TestTokens.signedByStranger("scanning-service"))
            .get(BASE + "/alerts", "acme", "scoped");
    assertThat(stranger.statusCode()).isEqualTo(401);
  }

  private String defaultBranch(String connectionId) {
    return defaultBranch(connectionId, "acme/moving");
  }

  private String defaultBranch(String connectionId, String fullName) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT default_branch FROM repo_connection"
                    + " WHERE connection_id = ? AND full_name_lower = ?")) {
      s.setString(1, connectionId);
      s.setString(2, fullName);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String template(String path) {
    return path.replaceAll("/alerts/1", "/alerts/{alert_number}")
        .replaceAll("/analyses/1", "/analyses/{analysis_id}")
        .replaceAll("/sarifs/[0-9a-f-]{36}", "/sarifs/{sarif_id}");
  }
}
