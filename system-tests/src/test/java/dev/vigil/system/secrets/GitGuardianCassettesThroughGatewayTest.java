package dev.vigil.system.secrets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.system.VigilSystem;
import dev.vigil.testkit.contract.GitGuardianCassettes;
import dev.vigil.testkit.contract.GitGuardianCassettes.Interaction;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every exchange that ggshield and py-gitguardian recorded against api.gitguardian.com, replayed
 * through the gateway with a Vigil key: the same status, exactly the recorded {@code Content-Type},
 * and the same body — value for value where the answer depends only on the request (scans, health,
 * errors), field for field where it is the account's own (metadata, quotas, token details).
 */
class GitGuardianCassettesThroughGatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Answers that describe the account rather than the request: compared by their fields. */
  private static final Set<String> ACCOUNT_ROUTES =
      Set.of("/v1/metadata", "/v1/quotas", "/v1/api_tokens/self", "/v1/token");

  private static String gateway;
  private static String token;

  @BeforeAll
  static void start() {
    assumeTrue(
        GitGuardianCassettes.present(),
        "skipped: GitGuardian cassettes not found under " + GitGuardianCassettes.DIR);
    VigilSystem system = VigilSystem.get();
    gateway = system.gatewayUrl();
    token = system.devToken();
  }

  @Test
  void everyRecordedExchangeReplaysTheSameThroughTheGateway() throws Exception {
    List<Interaction> all = GitGuardianCassettes.all();
    int replayed = 0;
    for (Interaction recorded : all) {
      if (recorded.status() == 400 && recorded.answer().has("error")) {
        // py-gitguardian's "health check error" recording is GitGuardian's own server
        // misconfiguration, which no client request can bring about.
        continue;
      }
      replay(recorded, gateway);
      replay(recorded, gateway + "/exposed");
      replayed++;
    }
    assertThat(replayed).as("exchanges replayed").isGreaterThanOrEqualTo(all.size() - 1);
  }

  private static void replay(Interaction recorded, String base) throws Exception {
    boolean invalidKey = recorded.status() == 401;
    RequestSpecification request =
        given()
            .urlEncodingEnabled(false)
            .header("Authorization", "Token " + (invalidKey ? "invalid-key" : token))
            .header("User-Agent", "pygitguardian/1.23.0 (Linux;py3.11.9) ggshield")
            .header("Accept", "*/*");
    recorded
        .body()
        .ifPresent(body -> request.header("Content-Type", "application/json").body(body));
    Response response = request.request(recorded.method(), base + recorded.path());
    String where = base + " " + recorded;

    assertThat(response.statusCode()).as(where).isEqualTo(recorded.status());
    assertThat(response.header("Content-Type")).as(where).isEqualTo(recorded.contentType());
    JsonNode actual = JSON.readTree(response.asByteArray());
    if (ACCOUNT_ROUTES.contains(recorded.route())) {
      GitGuardianCassettes.assertSameFields(where, recorded.answer(), actual);
    } else {
      GitGuardianCassettes.assertSameValues(where, recorded.answer(), actual);
    }
  }
}
