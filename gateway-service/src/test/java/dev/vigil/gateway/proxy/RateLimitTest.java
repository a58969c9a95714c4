package dev.vigil.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.gateway.support.Api;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-tenant budgets by plan ("tiny": 3 requests per window), GitHub's headers, 429s. */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class RateLimitTest {

  @Test
  void gitHubRoutesCountDownAndThenAnswer429WithRetryAfter() {
    Api.Tenant tenant = Api.newTenant(GatewayTestResource.TINY_PLAN);
    String token = Api.newToken(tenant.ownerToken(), "limited", List.of("write:org")).value();
    long now = System.currentTimeMillis() / 1000;
    for (int i = 1; i <= 3; i++) {
      Response ok =
          given()
              .header("Authorization", "token " + token)
              .get("/orgs/acme/secret-scanning/pattern-configurations");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.getHeader("X-RateLimit-Limit")).isEqualTo("3");
      assertThat(ok.getHeader("X-RateLimit-Remaining")).isEqualTo(Integer.toString(3 - i));
      assertThat(ok.getHeader("X-RateLimit-Used")).isEqualTo(Integer.toString(i));
      assertThat(ok.getHeader("X-RateLimit-Resource")).isEqualTo("core");
      assertThat(Long.parseLong(ok.getHeader("X-RateLimit-Reset"))).isBetween(now, now + 3601);
    }
    Response limited =
        given()
            .header("Authorization", "token " + token)
            .get("/orgs/acme/secret-scanning/pattern-configurations");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.getHeader("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(Long.parseLong(limited.getHeader("Retry-After"))).isPositive();
    AuthMatrixTest.assertFamilyShape("GITHUB", limited, 429, "github 429");
    assertThat(limited.jsonPath().getString("documentation_url")).contains("rate-limits");

    // The budget is the tenant's: a second token of the same tenant is refused at once.
    String other = Api.newToken(tenant.ownerToken(), "other", List.of("write:org")).value();
    Response second =
        given()
            .header("Authorization", "token " + other)
            .get("/orgs/acme/secret-scanning/pattern-configurations");
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.getHeader("X-RateLimit-Used")).isEqualTo("3");
  }

  @Test
  void everyFamilyIsLimitedIncludingVigilsOwnApi() {
    Api.Tenant tenant = Api.newTenant(GatewayTestResource.TINY_PLAN);
    for (int i = 0; i < 3; i++) {
      given()
          .header("Authorization", "Bearer " + tenant.ownerToken())
          .get("/vigil/v1/projects")
          .then()
          .statusCode(200);
    }
    Response limited =
        given().header("Authorization", "Bearer " + tenant.ownerToken()).get("/vigil/v1/projects");
    assertThat(limited.statusCode()).isEqualTo(429);
    AuthMatrixTest.assertFamilyShape("VIGIL", limited, 429, "vigil 429");
  }

  @Test
  void otherFamiliesAnswer429InTheirShape() {
    Api.Tenant tenant = Api.newTenant(GatewayTestResource.TINY_PLAN);
    // Minting the token is the tenant's first GitGuardian-family request of the minute.
    String token = Api.newToken(tenant.ownerToken(), "limited", List.of("scan")).value();
    for (int i = 0; i < 2; i++) {
      Api.as(token).get("/v1/health").then().statusCode(200);
    }
    Response limited = Api.as(token).get("/v1/health");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.jsonPath().getString("detail"))
        .startsWith("Request was throttled. Expected available in ");
    assertThat(limited.getHeader("Retry-After")).isNotBlank();
  }

  @Test
  void unlimitedPlanStillReportsGitHubsHeadersAndIsNeverRefused() {
    Api.Tenant tenant = Api.newTenant("unlimited");
    for (int i = 1; i <= 5; i++) {
      Response ok =
          given()
              .header("Authorization", "token " + tenant.ownerToken())
              .get("/orgs/acme/secret-scanning/pattern-configurations");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.getHeader("X-RateLimit-Limit")).isEqualTo("1000000");
      assertThat(ok.getHeader("X-RateLimit-Used")).isEqualTo(Integer.toString(i));
      assertThat(ok.getHeader("X-RateLimit-Resource")).isEqualTo("core");
    }
    // Other families carry no such headers on the unlimited plan.
    assertThat(Api.as(tenant.ownerToken()).get("/v1/health").getHeader("X-RateLimit-Limit"))
        .isNull();
  }
}
