package dev.vigil.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.gateway.domain.Scope;
import dev.vigil.gateway.support.Api;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Vigil's own administration API: the operator's tenants, tenants' projects and members. */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class AdminApiTest {

  private static RequestSpecification operator() {
    return given()
        .header("Authorization", "Bearer " + Api.operatorToken())
        .contentType(ContentType.JSON);
  }

  private static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
  }

  @Test
  void operatorCreatesTenantsWithAnOwnerToken() {
    String slug = "acme-" + UUID.randomUUID().toString().substring(0, 8);
    JsonPath created =
        operator()
            .body(
                Map.of("slug", slug.toUpperCase(), "plan", "team", "owner_email", "ciso@acme.test"))
            .post("/vigil/v1/tenants")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    assertThat(created.getString("tenant.slug")).isEqualTo(slug);
    assertThat(created.getString("tenant.plan")).isEqualTo("team");
    assertThat(created.getLong("tenant.workspace_id")).isPositive();
    assertThat(created.getString("owner.role")).isEqualTo("owner");
    String token = created.getString("token.token");
    assertThat(created.getList("token.scopes", String.class))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Scope.values()).map(Scope::value).toList());
    Api.as(token).get("/v1/health").then().statusCode(200);

    Response duplicate =
        operator()
            .body(Map.of("slug", slug, "owner_email", "x@acme.test"))
            .post("/vigil/v1/tenants");
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(duplicate.jsonPath().getString("error.code")).isEqualTo("CONFLICT");

    Response invalid =
        operator()
            .body(Map.of("slug", "-bad--slug", "owner_email", "x@acme.test"))
            .post("/vigil/v1/tenants");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.jsonPath().getString("error.code")).isEqualTo("BAD_REQUEST");

    operator().get("/vigil/v1/tenants/" + slug).then().statusCode(200);
    assertThat(operator().get("/vigil/v1/tenants").jsonPath().getList("slug", String.class))
        .contains(slug, "dev");
    assertThat(
            operator()
                .body(Map.of("plan", "enterprise"))
                .patch("/vigil/v1/tenants/" + slug)
                .then()
                .statusCode(200)
                .extract()
                .path("plan")
                .toString())
        .isEqualTo("enterprise");
    operator().get("/vigil/v1/tenants/nobody-here").then().statusCode(404);

    // A tenant's token, even with every scope, is not the operator.
    as(token)
        .body(Map.of("slug", "other-" + slug, "owner_email", "x@acme.test"))
        .post("/vigil/v1/tenants")
        .then()
        .statusCode(403);
  }

  @Test
  void tenantAdministersItsProjectsAndMembers() {
    Api.Tenant tenant = Api.newTenant();
    String project = Api.newProject(tenant.ownerToken(), "payments");
    as(tenant.ownerToken())
        .body(Map.of("name", "payments"))
        .post("/vigil/v1/projects")
        .then()
        .statusCode(409);
    as(tenant.ownerToken())
        .body(Map.of("name", "payments-v2"))
        .patch("/vigil/v1/projects/" + project)
        .then()
        .statusCode(200);
    assertThat(
            as(tenant.ownerToken())
                .get("/vigil/v1/projects")
                .jsonPath()
                .getList("name", String.class))
        .containsExactly("payments-v2");

    JsonPath member =
        as(tenant.ownerToken())
            .body(Map.of("email", "Dev@Example.test", "role", "manager"))
            .post("/vigil/v1/members")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    long memberId = member.getLong("id");
    as(tenant.ownerToken())
        .body(Map.of("email", "dev@example.TEST"))
        .post("/vigil/v1/members")
        .then()
        .statusCode(409);
    as(tenant.ownerToken())
        .body(Map.of("role", "restricted"))
        .patch("/vigil/v1/members/" + memberId)
        .then()
        .statusCode(200);

    // A member's tokens go with the member.
    Map<String, Object> request =
        Map.of("name", "m", "scopes", List.of("scan"), "member_id", memberId);
    Api.Token memberToken = Api.newToken(tenant.ownerToken(), request);
    Api.as(memberToken.value()).get("/v1/health").then().statusCode(200);
    as(tenant.ownerToken()).delete("/vigil/v1/members/" + memberId).then().statusCode(204);
    as(tenant.ownerToken()).get("/vigil/v1/members/" + memberId).then().statusCode(404);
    Api.as(tenant.ownerToken()).get("/v1/api_tokens/" + memberToken.id()).then().statusCode(404);

    // Tokens pinned to a deleted project are deleted with it.
    Api.Token pinned = Api.pinnedToken(tenant.ownerToken(), project, List.of("config:read"));
    as(tenant.ownerToken()).delete("/vigil/v1/projects/" + project).then().statusCode(204);
    Api.as(tenant.ownerToken()).get("/v1/api_tokens/" + pinned.id()).then().statusCode(404);
  }

  @Test
  void anotherTenantsProjectsAndMembersAreNotFound() {
    Api.Tenant a = Api.newTenant();
    Api.Tenant b = Api.newTenant();
    String bProject = Api.newProject(b.ownerToken(), "b-only");
    Response project = as(a.ownerToken()).get("/vigil/v1/projects/" + bProject);
    assertThat(project.statusCode()).isEqualTo(404);
    assertThat(project.jsonPath().getString("error.code")).isEqualTo("NOT_FOUND");
    as(a.ownerToken())
        .body(Map.of("name", "x"))
        .patch("/vigil/v1/projects/" + bProject)
        .then()
        .statusCode(404);
    as(a.ownerToken()).delete("/vigil/v1/projects/" + bProject).then().statusCode(404);
    as(a.ownerToken()).get("/vigil/v1/members/" + b.ownerId()).then().statusCode(404);
    as(a.ownerToken()).delete("/vigil/v1/members/" + b.ownerId()).then().statusCode(404);
    assertThat(as(a.ownerToken()).get("/vigil/v1/projects").jsonPath().getList("id", String.class))
        .doesNotContain(bProject);
    as(b.ownerToken()).get("/vigil/v1/projects/" + bProject).then().statusCode(200);
  }

  @Test
  void devBootstrapWroteAWorkingTokenAndProjectOnFirstStart() throws Exception {
    Path dir = Path.of(Api.config("vigil.gateway.dev-bootstrap.dir"));
    Path tokenFile = dir.resolve("dev-token");
    Path projectFile = dir.resolve("dev-project");
    assertThat(Files.getPosixFilePermissions(tokenFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(projectFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String token = Files.readString(tokenFile).strip();
    String project = Files.readString(projectFile).strip();
    JsonPath self =
        Api.as(token).get("/v1/api_tokens/self").then().statusCode(200).extract().jsonPath();
    assertThat(self.getList("scopes", String.class)).hasSize(Scope.values().length);
    as(token).get("/vigil/v1/projects/" + project).then().statusCode(200);
    assertThat(operator().get("/vigil/v1/tenants/dev").jsonPath().getString("plan"))
        .isEqualTo("unlimited");
    // The dev tenant can use SigSentry with its project right away.
    given()
        .header("Authorization", "Bearer " + token)
        .header("X-Project-Id", project)
        .get("/v1/config/repos")
        .then()
        .statusCode(200);
  }
}
