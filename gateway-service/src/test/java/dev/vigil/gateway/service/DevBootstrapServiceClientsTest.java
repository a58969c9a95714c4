package dev.vigil.gateway.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.contracts.identity.InternalJwt;
import dev.vigil.gateway.support.Api;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

/**
 * Service identities without an operator registering anything: {@code ./vigil up}'s dev bootstrap
 * and a deployment's declared clients ({@code vigil.gateway.service-clients.<service>}, from a
 * Kubernetes Secret) register a client per service (id = service name), so each backend can
 * exchange the secret it was handed for an internal JWT naming that service.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class DevBootstrapServiceClientsTest {

  private static Response grant(String clientId, String secret, UUID tenant) {
    return given()
        .auth()
        .preemptive()
        .basic(clientId, secret)
        .formParam("grant_type", "client_credentials")
        .formParam("audience", "repo-config-service")
        .formParam("tenant_id", tenant.toString())
        .post(Api.config("test.jwks-url").replace("/jwks", "/oauth/token"));
  }

  @Test
  void eachConfiguredServiceHasAClientThatGetsServiceTokens() throws Exception {
    String listing =
        given()
            .header("Authorization", "Bearer " + Api.operatorToken())
            .get("/vigil/v1/service-clients")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    UUID tenant = Api.newTenant().id();
    Map<String, String> configured = new TreeMap<>(GatewayTestResource.DEV_SERVICE_CLIENTS);
    configured.putAll(GatewayTestResource.DECLARED_SERVICE_CLIENTS);
    assertThat(configured).hasSize(3);
    for (var client : configured.entrySet()) {
      String service = client.getKey();
      assertThat(listing).contains("\"" + service + "\"").doesNotContain(client.getValue());
      JsonPath granted =
          grant(service, client.getValue(), tenant).then().statusCode(200).extract().jsonPath();
      var claims =
          new JwtConsumerBuilder()
              .setSkipSignatureVerification()
              .setExpectedAudience("repo-config-service")
              .build()
              .processToClaims(granted.getString("access_token"));
      assertThat(claims.getStringClaimValue(InternalJwt.SERVICE)).isEqualTo(service);
      assertThat(claims.getStringClaimValue(InternalJwt.TENANT_ID)).isEqualTo(tenant.toString());
      // Another service's secret is not this one's.
      String other =
          configured.entrySet().stream()
              .filter(e -> !e.getKey().equals(service))
              .findFirst()
              .orElseThrow()
              .getValue();
      assertThat(grant(service, other, tenant).statusCode()).isEqualTo(401);
    }
    // Only configured services get a client.
    assertThat(grant("repo-config-service", "anything", tenant).statusCode()).isEqualTo(401);
  }
}
