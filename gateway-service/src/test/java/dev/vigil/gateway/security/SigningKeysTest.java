package dev.vigil.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.gateway.persistence.SigningKeyEntity;
import dev.vigil.gateway.persistence.SigningKeyRepository;
import dev.vigil.gateway.support.Api;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

/** The internal JWT keys: stored encrypted, published on the management port only, rotated. */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class SigningKeysTest {

  @Inject SigningKeyRepository repository;
  @Inject SigningKeyService keys;
  @Inject GatewaySecrets secrets;

  @Test
  void jwksOnTheManagementPortHoldsPublicKeysOnly() {
    JsonPath jwks =
        given().get(Api.config("test.jwks-url")).then().statusCode(200).extract().jsonPath();
    List<Map<String, Object>> published = jwks.getList("keys");
    assertThat(published).isNotEmpty();
    for (Map<String, Object> key : published) {
      assertThat(key)
          .containsEntry("kty", "RSA")
          .containsEntry("alg", "RS256")
          .containsEntry("use", "sig");
      assertThat(key).containsKeys("kid", "n", "e");
      assertThat(key).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
    }
  }

  @Test
  void jwksIsNotServedOnThePublicPort() {
    given().get("/jwks").then().statusCode(404);
    given().get("/internal/jwks").then().statusCode(404);
    given().get("/q/jwks").then().statusCode(404);
  }

  @Test
  void privateKeysAreStoredEncrypted() throws Throwable {
    List<SigningKeyEntity> rows =
        VertxContextSupport.subscribeAndAwait(
            () -> Panache.withSession(() -> repository.listUnretired(Instant.now())));
    assertThat(rows).isNotEmpty();
    for (SigningKeyEntity row : rows) {
      assertThat(row.kekId).isEqualTo(secrets.kekId());
      assertThatThrownBy(
              () ->
                  KeyFactory.getInstance("RSA")
                      .generatePrivate(new PKCS8EncodedKeySpec(row.privateKeyCiphertext)))
          .isInstanceOf(java.security.spec.InvalidKeySpecException.class);
      assertThat(row.publicJwk).doesNotContainKeys("d", "p", "q");
    }
  }

  @Test
  void rotationPublishesTheSuccessorBeforeItSigns() throws Throwable {
    Api.Tenant tenant = Api.newTenant();
    String token = Api.newToken(tenant.ownerToken(), "rotation", List.of("incidents:read")).value();
    String signingBefore = kidOfForwardedJwt(token);
    List<String> before = keys.kids();

    VertxContextSupport.subscribeAndAwait(() -> keys.rotateNow());

    List<String> after = keys.kids();
    assertThat(after).hasSizeGreaterThan(before.size()).containsAll(before);
    JsonPath jwks =
        given().get(Api.config("test.jwks-url")).then().statusCode(200).extract().jsonPath();
    assertThat(jwks.getList("keys.kid", String.class)).containsExactlyInAnyOrderElementsOf(after);
    // The successor waits for publish-ahead (10 min) before it signs; the old key keeps signing.
    String otherToken =
        Api.newToken(tenant.ownerToken(), "after rotation", List.of("incidents:read")).value();
    assertThat(kidOfForwardedJwt(otherToken)).isEqualTo(signingBefore);

    List<SigningKeyEntity> rows =
        VertxContextSupport.subscribeAndAwait(
            () -> Panache.withSession(() -> repository.listUnretired(Instant.now())));
    SigningKeyEntity newest = rows.get(rows.size() - 1);
    assertThat(newest.notBefore).isAfter(Instant.now().plusSeconds(500));
    SigningKeyEntity current =
        rows.stream().filter(r -> r.kid.equals(signingBefore)).findFirst().orElseThrow();
    assertThat(current.retireAfter).isAfter(newest.notBefore);
  }

  private static String kidOfForwardedJwt(String token) throws Exception {
    String authorization =
        Api.as(token)
            .get("/v1/incidents/secrets")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("headers.authorization", String.class)
            .get(0);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(authorization.substring("Bearer ".length()));
    return jws.getKeyIdHeaderValue();
  }
}
