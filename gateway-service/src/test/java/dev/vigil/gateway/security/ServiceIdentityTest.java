package dev.vigil.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.contracts.identity.InternalJwt;
import dev.vigil.gateway.support.Api;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

/** Backends' own identities: registered by the operator, exchanged on the internal port. */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class ServiceIdentityTest {

  private static String tokenUrl() {
    return Api.config("test.jwks-url").replace("/jwks", "/oauth/token");
  }

  @Test
  void clientCredentialsBecomeAServiceJwtForOneTenantAndAudience() throws Exception {
    Api.Tenant tenant = Api.newTenant();
    String clientId = "sync-" + UUID.randomUUID().toString().substring(0, 8);
    JsonPath created =
        given()
            .header("Authorization", "Bearer " + Api.operatorToken())
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "client_id",
                    clientId,
                    "service_name",
                    "sync-service",
                    "scopes",
                    List.of("repo-credentials:read", "repos:read")))
            .post("/vigil/v1/service-clients")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    String secret = created.getString("client_secret");
    assertThat(secret).startsWith("vgl_");
    assertThat(
            given()
                .header("Authorization", "Bearer " + Api.operatorToken())
                .get("/vigil/v1/service-clients")
                .asString())
        .contains(clientId)
        .doesNotContain(secret);

    JsonPath granted =
        given()
            .auth()
            .preemptive()
            .basic(clientId, secret)
            .formParam("grant_type", "client_credentials")
            .formParam("audience", "repo-config-service")
            .formParam("tenant_id", tenant.id().toString())
            .formParam("scope", "repo-credentials:read")
            .post(tokenUrl())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(granted.getString("token_type")).isEqualTo("Bearer");
    assertThat(granted.getInt("expires_in")).isEqualTo(60);
    JwtClaims claims =
        new JwtConsumerBuilder()
            .setVerificationKeyResolver(
                new HttpsJwksVerificationKeyResolver(new HttpsJwks(Api.config("test.jwks-url"))))
            .setExpectedIssuer(InternalJwt.ISSUER)
            .setExpectedAudience("repo-config-service")
            .build()
            .processToClaims(granted.getString("access_token"));
    assertThat(claims.getStringClaimValue(InternalJwt.SERVICE)).isEqualTo("sync-service");
    assertThat(claims.getSubject()).isEqualTo("sync-service");
    assertThat(claims.getStringClaimValue(InternalJwt.TENANT_ID)).isEqualTo(tenant.id().toString());
    assertThat(claims.getStringListClaimValue(InternalJwt.SCOPES))
        .containsExactly("repo-credentials:read");
    assertThat(claims.hasClaim(InternalJwt.MEMBER_ID)).isFalse();
    assertThat(claims.hasClaim(InternalJwt.TOKEN_ID)).isFalse();

    // Wrong secret, unknown scope, unknown audience, unknown tenant.
    Response wrong =
        given()
            .formParam("grant_type", "client_credentials")
            .formParam("client_id", clientId)
            .formParam("client_secret", secret.substring(0, secret.length() - 1) + "x")
            .formParam("audience", "repo-config-service")
            .formParam("tenant_id", tenant.id().toString())
            .post(tokenUrl());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.jsonPath().getString("error")).isEqualTo("invalid_client");
    assertThat(
            request(clientId, secret, "repo-config-service", tenant.id(), "admin")
                .jsonPath()
                .getString("error"))
        .isEqualTo("invalid_scope");
    assertThat(request(clientId, secret, "billing-service", tenant.id(), null).statusCode())
        .isEqualTo(400);
    assertThat(
            request(clientId, secret, "repo-config-service", UUID.randomUUID(), null).statusCode())
        .isEqualTo(400);

    // Disabled clients get nothing more.
    given()
        .header("Authorization", "Bearer " + Api.operatorToken())
        .delete("/vigil/v1/service-clients/" + clientId)
        .then()
        .statusCode(204);
    assertThat(request(clientId, secret, "repo-config-service", tenant.id(), null).statusCode())
        .isEqualTo(401);
  }

  @Test
  void tokenEndpointIsNotOnThePublicPort() {
    given()
        .formParam("grant_type", "client_credentials")
        .post("/oauth/token")
        .then()
        .statusCode(404);
  }

  private static Response request(
      String clientId, String secret, String audience, UUID tenant, String scope) {
    var spec =
        given()
            .auth()
            .preemptive()
            .basic(clientId, secret)
            .formParam("grant_type", "client_credentials")
            .formParam("audience", audience)
            .formParam("tenant_id", tenant.toString());
    if (scope != null) {
      spec.formParam("scope", scope);
    }
    return spec.post(tokenUrl());
  }
}
