package dev.vigil.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.gateway.support.Api;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.testkit.VigilTestResource;
import dev.vigil.testkit.contract.FamilyContentTypes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each family's exact content type on the gateway's own answers, and GitGuardian's self-hosted base
 * path: every GitGuardian route also answers under {@code /exposed/v1/}, as ggshield calls any
 * instance other than GitGuardian's SaaS.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class FamilyContentTypeTest {

  private Api.Tenant tenant;

  @BeforeEach
  void tenant() {
    if (tenant == null) {
      tenant = Api.newTenant("unlimited");
    }
  }

  @Test
  void gitGuardianAnswersAreExactlyApplicationJsonUnderBothBasePaths() {
    for (String base : List.of("/v1", "/exposed/v1")) {
      Response health = Api.as(tenant.ownerToken()).get(base + "/health");
      assertThat(health.statusCode()).as(base).isEqualTo(200);
      assertThat(health.getHeader("Content-Type")).as(base).isEqualTo("application/json");
      assertThat(health.jsonPath().getString("detail")).isEqualTo("Valid API key.");

      Response self = Api.as(tenant.ownerToken()).get(base + "/api_tokens/self");
      assertThat(self.statusCode()).as(base).isEqualTo(200);
      FamilyContentTypes.GITGUARDIAN.check(base + " self", self.getHeader("Content-Type"));
      assertThat(self.jsonPath().getString("id")).isEqualTo(tenant.ownerTokenId());

      Response list = Api.as(tenant.ownerToken()).get(base + "/api_tokens?per_page=1");
      assertThat(list.statusCode()).as(base).isEqualTo(200);
      FamilyContentTypes.GITGUARDIAN.check(base + " list", list.getHeader("Content-Type"));

      Response bad = Api.as("vgl_" + "0".repeat(38)).get(base + "/health");
      assertThat(bad.statusCode()).isEqualTo(401);
      assertThat(bad.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(bad.asString()).isEqualTo("{\"detail\":\"Invalid API key.\"}");

      Response unknown = Api.as(tenant.ownerToken()).get(base + "/no-such-endpoint");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(unknown.asString()).isEqualTo("{\"detail\":\"Not found.\"}");
    }
  }

  @Test
  void unknownPathsUnderTheSelfHostedPrefixAreGitGuardians() {
    Response root = Api.as(tenant.ownerToken()).get("/exposed/nothing");
    assertThat(root.statusCode()).isEqualTo(404);
    assertThat(root.asString()).isEqualTo("{\"detail\":\"Not found.\"}");
    // SigSentry's routes are not GitGuardian's: not served under the self-hosted prefix.
    Response sig = Api.as(tenant.ownerToken()).get("/exposed/v1/config/repos");
    assertThat(sig.statusCode()).isEqualTo(404);
    assertThat(sig.asString()).isEqualTo("{\"detail\":\"Not found.\"}");
  }

  @Test
  void theSelfHostedPrefixReachesTheBackendAsTheCanonicalPath() {
    Response echo =
        Api.as(tenant.ownerToken()).get("/exposed/v1/incidents/secrets?per_page=2&cursor=x");
    assertThat(echo.statusCode()).isEqualTo(200);
    assertThat(echo.jsonPath().getString("path")).isEqualTo("/v1/incidents/secrets");
    assertThat(echo.jsonPath().getString("query")).isEqualTo("per_page=2&cursor=x");
  }

  @Test
  void otherFamiliesErrorsCarryTheirContentType() {
    Response github = Api.as("vgl_" + "0".repeat(38)).get("/repos/acme/app/code-scanning/alerts");
    assertThat(github.statusCode()).isEqualTo(401);
    FamilyContentTypes.GITHUB.check("github 401", github.getHeader("Content-Type"));
    Response sig = Api.as("vgl_" + "0".repeat(38)).get("/v1/config/repos");
    FamilyContentTypes.SIGSENTRY.check("sigsentry 401", sig.getHeader("Content-Type"));
    Response vigil = Api.as("vgl_" + "0".repeat(38)).get("/vigil/v1/projects");
    FamilyContentTypes.VIGIL.check("vigil 401", vigil.getHeader("Content-Type"));
  }
}
