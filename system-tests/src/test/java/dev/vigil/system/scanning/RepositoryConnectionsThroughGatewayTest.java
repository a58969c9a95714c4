package dev.vigil.system.scanning;

import static dev.vigil.system.scanning.CodeScanning.ALERTS;
import static dev.vigil.system.scanning.CodeScanning.SHA1;
import static dev.vigil.system.scanning.CodeScanning.as;
import static dev.vigil.system.scanning.CodeScanning.encode;
import static dev.vigil.system.scanning.CodeScanning.eventually;
import static dev.vigil.system.scanning.CodeScanning.gateway;
import static dev.vigil.system.scanning.CodeScanning.upload;
import static dev.vigil.system.scanning.CodeScanning.uploadBody;
import static dev.vigil.system.scanning.CodeScanning.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.system.scanning.CodeScanning.Tenant;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Repositories as a CI pipeline meets them: a connection of several repositories makes every one of
 * them known to code scanning, a replace keeps or forgets each repository on its own, and an upload
 * right after connecting (before scanning consumed the event) is accepted.
 */
class RepositoryConnectionsThroughGatewayTest {

  private static final String EMPTY_SARIF = "{\"version\":\"2.1.0\",\"runs\":[]}";

  @Test
  void aConnectionOfThreeRepositoriesAcceptsUploadsForAllThreeWithNoPause() {
    Tenant tenant = CodeScanning.newTenant();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    List<String> repos =
        List.of("acme/checkout-" + suffix, "acme/billing-" + suffix, "acme/search-" + suffix);

    Response created =
        given()
            .auth()
            .oauth2(tenant.token())
            .header("X-Project-Id", tenant.project())
            .contentType(ContentType.JSON)
            .body(connection(repos))
            .post(gateway() + "/v1/config/repos");
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    // At once, as a pipeline that connects and uploads in one job does.
    for (String repo : repos) {
      Response accepted =
          upload(tenant.token(), repo, uploadBody(SHA1, "refs/heads/main", sarif()));
      assertThat(accepted.statusCode()).as(repo + ": " + accepted.asString()).isEqualTo(202);
    }
    for (String repo : repos) {
      assertThat(as(tenant.token()).get(url(ALERTS, repo)).statusCode()).as(repo).isEqualTo(200);
    }

    // A replace that keeps the first and last repository and drops the middle one.
    String id = created.jsonPath().getString("data.id");
    Map<String, Object> replaced = connection(List.of(repos.get(0), repos.get(2)));
    Response put =
        given()
            .auth()
            .oauth2(tenant.token())
            .header("X-Project-Id", tenant.project())
            .contentType(ContentType.JSON)
            .body(replaced)
            .put(gateway() + "/v1/config/repos/" + id);
    assertThat(put.statusCode()).as(put.asString()).isEqualTo(200);
    eventually(
        repos.get(1) + " forgotten",
        () -> as(tenant.token()).get(url(ALERTS, repos.get(1))).statusCode() == 404);
    for (String kept : List.of(repos.get(0), repos.get(2))) {
      Response accepted =
          upload(tenant.token(), kept, uploadBody(SHA1, "refs/heads/main", sarif()));
      assertThat(accepted.statusCode()).as(kept + ": " + accepted.asString()).isEqualTo(202);
    }
  }

  private static String sarif() {
    return encode(EMPTY_SARIF);
  }

  private static Map<String, Object> connection(List<String> repos) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("platform", "github");
    body.put(
        "credentials", Map.of("token", "ghp_" + UUID.randomUUID().toString().replace("-", "")));
    body.put("repositories", repos);
    return body;
  }
}
