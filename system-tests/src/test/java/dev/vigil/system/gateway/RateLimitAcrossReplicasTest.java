package dev.vigil.system.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.system.GatewayWiring;
import dev.vigil.system.VigilSystem;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One budget per tenant, whatever token it uses and whichever gateway replica it reaches: two
 * gateway processes on one database, two tokens of one tenant on the 3-requests plan. Each replica
 * shares its counts every 100 ms; the pauses below let that happen, which is the documented bound
 * (a replica that has not yet heard of the others' requests may admit one interval's worth).
 */
class RateLimitAcrossReplicasTest {

  private static final long SYNC_WAIT_MILLIS = 600;

  @Test
  void twoTokensOnTwoReplicasDrawOnOneBudget() throws Exception {
    VigilSystem system = VigilSystem.get();
    String first = system.gatewayUrl();
    String second = system.secondGateway().url();

    String slug = "rl-" + UUID.randomUUID().toString().substring(0, 8);
    Response tenant =
        given()
            .auth()
            .oauth2(system.operatorToken())
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "slug",
                    slug,
                    "plan",
                    GatewayWiring.TINY_PLAN,
                    "owner_email",
                    "owner@" + slug + ".test"))
            .post(first + "/vigil/v1/tenants");
    assertThat(tenant.statusCode()).as(tenant.asString()).isEqualTo(201);
    String tokenA = tenant.jsonPath().getString("token.token");
    Response minted =
        given()
            .header("Authorization", "Token " + tokenA)
            .contentType(ContentType.JSON)
            .body(Map.of("name", "second token", "scopes", List.of("security_events")))
            .post(second + "/v1/api_tokens");
    assertThat(minted.statusCode()).as(minted.asString()).isEqualTo(201);
    String tokenB = minted.jsonPath().getString("token");
    String alerts = "/repos/" + slug + "/app/code-scanning/alerts";

    assertThat(call(first, tokenA, alerts).getHeader("X-RateLimit-Used")).isEqualTo("1");
    assertThat(call(first, tokenA, alerts).getHeader("X-RateLimit-Used")).isEqualTo("2");
    Thread.sleep(SYNC_WAIT_MILLIS);
    Response third = call(second, tokenB, alerts);
    assertThat(third.statusCode()).isNotEqualTo(429);
    Thread.sleep(SYNC_WAIT_MILLIS);

    // The budget of 3 is spent: both tokens are refused on both replicas.
    for (String gateway : List.of(first, second)) {
      for (String token : List.of(tokenA, tokenB)) {
        Response refused = call(gateway, token, alerts);
        assertThat(refused.statusCode()).as(gateway + " " + token.substring(0, 8)).isEqualTo(429);
        assertThat(refused.getHeader("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.getHeader("X-RateLimit-Used")).isEqualTo("3");
        assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isPositive();
      }
    }
  }

  private static Response call(String gateway, String token, String path) {
    Response response = given().header("Authorization", "token " + token).get(gateway + path);
    assertThat(response.getHeader("X-RateLimit-Limit")).as(response.asString()).isEqualTo("3");
    return response;
  }
}
