package dev.vigil.repoconfig.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.vigil.repoconfig.support.Api;
import dev.vigil.repoconfig.support.Api.Project;
import dev.vigil.repoconfig.support.Db;
import dev.vigil.repoconfig.support.FakePlatforms;
import dev.vigil.testkit.TestTokens;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The internal credentials endpoint for sync-service and secrets-service. */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(FakePlatforms.class)
class InternalCredentialsTest {

  private static final String PATH = "/internal/v1/connections/%s/credentials";

  @Inject DataSource dataSource;

  @Test
  void allowedServiceOfTheTenantGetsTheDecryptedCredentialsAndIsAudited() {
    Project p = Project.fresh();
    String token = Api.secret("ghp_goodInternal");
    String id =
        p.connect(
            Api.body(
                "github",
                Map.of("token", token, "baseUrl", "https://localhost:1/api/v3/"),
                List.of("acme/api"),
                true));

    p.service("sync-service")
        .queryParam("purpose", "sync-zipball")
        .get(PATH.formatted(id))
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .body("success", equalTo(true))
        .body("data.connectionId", equalTo(id))
        .body("data.tenantId", equalTo(p.tenant().toString()))
        .body("data.projectId", equalTo(p.project().toString()))
        .body("data.platform", equalTo("github"))
        .body("data.baseUrl", equalTo("https://localhost:1/api/v3"))
        .body("data.repositories", contains("acme/api"))
        .body("data.credentials.kind", equalTo("token"))
        .body("data.credentials.token", equalTo(token))
        .body("data.credentials.appPassword", nullValue());

    assertThat(
            Db.number(
                dataSource,
                "SELECT count(*) FROM credential_access_audit WHERE connection_id = ?"
                    + " AND tenant_id = ? AND project_id = ? AND accessor = 'service:sync-service'"
                    + " AND purpose = 'sync-zipball'",
                id,
                p.tenant(),
                p.project()))
        .isEqualTo(1);

    String password = Api.secret("good");
    String bitbucket =
        p.connect(
            Api.body(
                "bitbucket",
                Map.of("username", "bot", "appPassword", password),
                List.of("acme/pay"),
                false));
    p.service("secrets-service")
        .get(PATH.formatted(bitbucket))
        .then()
        .statusCode(200)
        .body("data.credentials.kind", equalTo("appPassword"))
        .body("data.credentials.username", equalTo("bot"))
        .body("data.credentials.appPassword", equalTo(password))
        .body("data.credentials.token", nullValue());
    assertThat(
            Db.number(
                dataSource,
                "SELECT count(*) FROM credential_access_audit WHERE connection_id = ?"
                    + " AND accessor = 'service:secrets-service' AND purpose = 'unspecified'",
                bitbucket))
        .isEqualTo(1);
  }

  /** The gateway asks this before it deletes a project (a project with connections stays). */
  @Test
  void theGatewayCountsAProjectsConnectionsOfItsTenantOnly() {
    Project p = Project.fresh();
    String path = "/internal/v1/projects/" + p.project() + "/connections";
    p.service("gateway-service")
        .get(path)
        .then()
        .statusCode(200)
        .body("success", equalTo(true))
        .body("data.projectId", equalTo(p.project().toString()))
        .body("data.connections", equalTo(0));
    p.connect(Api.github("ghp_goodInternal", "acme/api"));
    p.connect(Api.github("ghp_goodInternal", "acme/web"));
    p.service("gateway-service")
        .get(path)
        .then()
        .statusCode(200)
        .body("data.connections", equalTo(2));
    // Same project id under another tenant: nothing there.
    new Project(java.util.UUID.randomUUID(), p.project(), "free")
        .service("gateway-service")
        .get(path)
        .then()
        .body("data.connections", equalTo(0));
    // Users and other services may not ask.
    p.writer().get(path).then().statusCode(403).body("error.code", equalTo("FORBIDDEN"));
    p.service("sync-service").get(path).then().statusCode(403);
    given().get(path).then().statusCode(401);
  }

  @Test
  void userTokensOtherServicesOtherTenantsAndNoTokenAreRefused() {
    Project p = Project.fresh();
    String id = p.connect(Api.github("ghp_goodInternal", "acme/api"));
    long audited = audits(id);

    // A user's token, even with config:write, is no service identity.
    p.writer()
        .get(PATH.formatted(id))
        .then()
        .statusCode(403)
        .body("error.code", equalTo("FORBIDDEN"));
    // A service that is not on the list.
    p.service("scanning-service").get(PATH.formatted(id)).then().statusCode(403);
    // No token, or one the gateway did not sign.
    given()
        .get(PATH.formatted(id))
        .then()
        .statusCode(401)
        .body("error.code", equalTo("UNAUTHORIZED"));
    given()
        .auth()
        .oauth2(
            TestTokens.forAudience(Api.AUDIENCE)
                .tenant(p.tenant())
                .service("sync-service")
                .signByStranger())
        .get(PATH.formatted(id))
        .then()
        .statusCode(401);
    // An allowed service acting for another tenant does not see the connection at all.
    Project.fresh()
        .service("sync-service")
        .get(PATH.formatted(id))
        .then()
        .statusCode(404)
        .body("error.code", equalTo("NOT_FOUND"));
    p.service("sync-service").get(PATH.formatted("rc_doesnotexist")).then().statusCode(404);
    p.service("sync-service")
        .queryParam("purpose", "x\ny")
        .get(PATH.formatted(id))
        .then()
        .statusCode(400);

    assertThat(audits(id)).isEqualTo(audited);
  }

  private long audits(String id) {
    return Db.number(
        dataSource, "SELECT count(*) FROM credential_access_audit WHERE connection_id = ?", id);
  }
}
