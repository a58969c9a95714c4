package dev.vigil.system.repoconfig;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Deleting a project never orphans its repository connections: while it has any, {@code DELETE
 * /vigil/v1/projects/{id}} is a 409 (the gateway asks repo-config with its own service identity)
 * and everything stays reachable; once they are disconnected, the delete goes through.
 */
class RepoProjectDeletionThroughGatewayTest {

  @Test
  void aProjectWithConnectionsIsNotDeleted() {
    Vigil.Tenant tenant = Vigil.get().tenant("enterprise");
    UUID project = tenant.project();
    Client owner = tenant.owner(project);
    String first = owner.connect(Client.github(Client.secret("ghp_del"), "acme/del-a"));
    String second =
        owner.connect(Client.github(Client.secret("ghp_del"), "acme/del-b", "acme/del-c"));

    Response refused = deleteProject(tenant, project);
    refused
        .then()
        .statusCode(409)
        .contentType(ContentType.JSON)
        .body("error.code", equalTo("CONFLICT"));
    assertThat(refused.jsonPath().getString("error.message")).contains("2 repository connection");
    projectRequest(tenant, project).get("/vigil/v1/projects/" + project).then().statusCode(200);
    owner.get(first).then().statusCode(200);
    owner.get(second).then().statusCode(200);

    owner.delete(first).then().statusCode(200);
    deleteProject(tenant, project).then().statusCode(409);
    owner.delete(second).then().statusCode(200);
    deleteProject(tenant, project).then().statusCode(204);
    projectRequest(tenant, project).get("/vigil/v1/projects/" + project).then().statusCode(404);
  }

  private static Response deleteProject(Vigil.Tenant tenant, UUID project) {
    return projectRequest(tenant, project).delete("/vigil/v1/projects/" + project);
  }

  private static RequestSpecification projectRequest(Vigil.Tenant tenant, UUID project) {
    return given()
        .baseUri(Vigil.get().gateway())
        .auth()
        .oauth2(tenant.ownerToken())
        .contentType(ContentType.JSON);
  }
}
