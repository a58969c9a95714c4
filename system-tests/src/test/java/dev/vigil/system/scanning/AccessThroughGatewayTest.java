package dev.vigil.system.scanning;

import static dev.vigil.system.scanning.CodeScanning.ALERT;
import static dev.vigil.system.scanning.CodeScanning.ALERTS;
import static dev.vigil.system.scanning.CodeScanning.ANALYSES;
import static dev.vigil.system.scanning.CodeScanning.ANALYSIS;
import static dev.vigil.system.scanning.CodeScanning.INSTANCES;
import static dev.vigil.system.scanning.CodeScanning.SARIF;
import static dev.vigil.system.scanning.CodeScanning.SARIFS;
import static dev.vigil.system.scanning.CodeScanning.SHA1;
import static dev.vigil.system.scanning.CodeScanning.SHA2;
import static dev.vigil.system.scanning.CodeScanning.as;
import static dev.vigil.system.scanning.CodeScanning.assertError;
import static dev.vigil.system.scanning.CodeScanning.checked;
import static dev.vigil.system.scanning.CodeScanning.encode;
import static dev.vigil.system.scanning.CodeScanning.processed;
import static dev.vigil.system.scanning.CodeScanning.result;
import static dev.vigil.system.scanning.CodeScanning.rule;
import static dev.vigil.system.scanning.CodeScanning.sarif;
import static dev.vigil.system.scanning.CodeScanning.uploadBody;
import static dev.vigil.system.scanning.CodeScanning.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.system.scanning.CodeScanning.Tenant;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, on every code-scanning endpoint through the gateway: a bad token is GitHub's
 * 401, a token without the scope GitHub's 403, an unknown repository and another tenant's
 * repository, analysis, upload or alert GitHub's 404 (never a 403 that tells it exists).
 */
class AccessThroughGatewayTest {

  /** One call of each operation: its method, path template and how to make it for a repository. */
  record Call(String method, String template, boolean writes) {

    Response send(String token, String repo, Ids ids) {
      String url =
          switch (template) {
            case SARIFS, ANALYSES, ALERTS -> url(template, repo);
            case SARIF -> url(template, repo, ids.sarif());
            case ANALYSIS -> url(template, repo, ids.analysis());
            default -> url(template, repo, ids.alert());
          };
      var request = as(token);
      return switch (method) {
        case "post" ->
            request
                .contentType(ContentType.JSON)
                .body(uploadBody(SHA2, "refs/heads/main", ids.upload()))
                .post(url);
        case "patch" ->
            request
                .contentType(ContentType.JSON)
                .body(
                    "{\"state\":\"dismissed\",\"dismissed_reason\":\"won't fix\","
                        + "\"dismissed_comment\":\"not reachable\"}")
                .patch(url);
        case "delete" -> request.queryParam("confirm_delete", "true").delete(url);
        default -> request.get(url);
      };
    }
  }

  /** What the calls refer to: an upload body, an upload id, an analysis id, an alert number. */
  record Ids(String upload, String sarif, long analysis, int alert) {}

  static final List<Call> CALLS =
      List.of(
          new Call("post", SARIFS, true),
          new Call("get", SARIF, false),
          new Call("get", ANALYSES, false),
          new Call("get", ANALYSIS, false),
          new Call("delete", ANALYSIS, true),
          new Call("get", ALERTS, false),
          new Call("get", ALERT, false),
          new Call("patch", ALERT, true),
          new Call("get", INSTANCES, false));

  private static Tenant owner;
  private static String repo;
  private static Ids ids;

  @BeforeAll
  static void repositoryWithData() {
    CodeScanning.contract();
    owner = CodeScanning.devTenant();
    repo = CodeScanning.newRepo("access");
    CodeScanning.connect(owner, repo);
    String sarif =
        sarif(
            "CodeQL",
            null,
            List.of(rule("js/xss", "error", "6.1")),
            List.of(result("js/xss", "src/a.js", 4, "xa:1")));
    String sarifId = processed(owner.token(), repo, SHA1, "refs/heads/main", sarif);
    long analysis =
        as(owner.token())
            .queryParam("sarif_id", sarifId)
            .get(url(ANALYSES, repo))
            .jsonPath()
            .getLong("[0].id");
    ids = new Ids(encode(sarif), sarifId, analysis, 1);
  }

  @Test
  void badCredentialsAre401OnEveryEndpoint() {
    String token = owner.token();
    String wrongChecksum =
        token.substring(0, token.length() - 1) + (token.endsWith("x") ? "y" : "x");
    for (Call call : CALLS) {
      for (String bad : List.of(wrongChecksum, "vgl_notarealtoken", "")) {
        Response r = checked(call.method(), call.template(), call.send(bad, repo, ids));
        assertError(r, 401, "Bad credentials");
      }
    }
    // No Authorization header at all.
    Response none =
        checked("get", ALERTS, io.restassured.RestAssured.given().get(url(ALERTS, repo)));
    assertThat(none.statusCode()).isEqualTo(401);
  }

  @Test
  void tokensWithoutTheScopeAre403AndReadOnlyTokensRead() {
    String readOnly = CodeScanning.tokenWithScopes(owner, "security_events:read");
    String unrelated = CodeScanning.tokenWithScopes(owner, "incidents:read");
    for (Call call : CALLS) {
      Response withoutScope =
          checked(call.method(), call.template(), call.send(unrelated, repo, ids));
      assertThat(withoutScope.statusCode())
          .as("%s %s", call.method(), call.template())
          .isEqualTo(403);
      assertThat(withoutScope.jsonPath().getString("message")).isNotBlank();
      Response read = checked(call.method(), call.template(), call.send(readOnly, repo, ids));
      if (call.writes()) {
        assertThat(read.statusCode()).as("%s %s", call.method(), call.template()).isEqualTo(403);
      } else {
        assertThat(read.statusCode()).as("%s %s", call.method(), call.template()).isEqualTo(200);
      }
    }
    // Nothing was changed by the refused writes.
    assertThat(as(owner.token()).get(url(ALERT, repo, 1)).jsonPath().getString("state"))
        .isEqualTo("open");
    assertThat(as(owner.token()).get(url(ANALYSIS, repo, ids.analysis())).statusCode())
        .isEqualTo(200);
  }

  @Test
  void unknownRepositoryIs404OnEveryEndpoint() {
    String unknown = CodeScanning.newRepo("never-connected");
    for (Call call : CALLS) {
      Response r = checked(call.method(), call.template(), call.send(owner.token(), unknown, ids));
      assertError(r, 404, "Not Found");
    }
  }

  @Test
  void anotherTenantSeesNothingOfThisTenantsRepository() {
    Tenant other = CodeScanning.newTenant();
    // Its plan has limits: GitHub's rate headers come with every answer (checked()).
    Response limited = checked("get", ALERTS, as(other.token()).get(url(ALERTS, repo)));
    assertThat(limited.header("X-RateLimit-Limit")).isNotNull();

    // The repository is not the other tenant's: 404 everywhere, for reads and writes.
    for (Call call : CALLS) {
      Response r = checked(call.method(), call.template(), call.send(other.token(), repo, ids));
      assertError(r, 404, "Not Found");
    }

    // Even once it connects a repository of the same name, it sees only its own (empty) data.
    CodeScanning.connect(other, repo);
    assertThat(
            checked("get", ALERTS, as(other.token()).get(url(ALERTS, repo)))
                .jsonPath()
                .getList("$"))
        .isEmpty();
    assertThat(
            checked("get", ANALYSES, as(other.token()).get(url(ANALYSES, repo)))
                .jsonPath()
                .getList("$"))
        .isEmpty();
    for (Call call : CALLS) {
      if (call.template().equals(SARIFS)
          || call.template().equals(ANALYSES)
          || call.template().equals(ALERTS)) {
        continue;
      }
      Response r = checked(call.method(), call.template(), call.send(other.token(), repo, ids));
      assertError(r, 404, "Not Found");
    }
    // And the owner's data is untouched by all of it.
    Response mine = checked("get", ALERT, as(owner.token()).get(url(ALERT, repo, 1)));
    assertThat(mine.jsonPath().getString("state")).isEqualTo("open");
    assertThat(
            as(owner.token())
                .queryParams(Map.of("sarif_id", ids.sarif()))
                .get(url(ANALYSES, repo))
                .jsonPath()
                .getList("$"))
        .hasSize(1);
  }
}
