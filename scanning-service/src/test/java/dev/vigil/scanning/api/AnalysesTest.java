package dev.vigil.scanning.api;

import static dev.vigil.scanning.api.ScanningTestSupport.BASE;
import static dev.vigil.scanning.api.ScanningTestSupport.SHA;
import static dev.vigil.scanning.api.ScanningTestSupport.SHA2;
import static dev.vigil.scanning.api.ScanningTestSupport.encode;
import static dev.vigil.scanning.api.ScanningTestSupport.result;
import static dev.vigil.scanning.api.ScanningTestSupport.rule;
import static dev.vigil.scanning.api.ScanningTestSupport.sarif;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.scanning.api.ScanningTestSupport.Tenant;
import dev.vigil.testkit.VigilTestResource;
import dev.vigil.testkit.contract.GitHubContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Analyses: one per run, listed newest first with GitHub's filters and pagination, read as JSON or
 * as SARIF, and deleted by GitHub's rules (only the newest of a ref + tool + category set; the last
 * one only with confirm_delete; next_analysis_url / confirm_delete_url in the answer).
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class AnalysesTest {

  private static final String LIST = BASE + "/analyses";
  private static final String ONE = BASE + "/analyses/{analysis_id}";
  private static final String RULES =
      rule("js/xss", "error", "6.1") + "," + rule("js/eval", "warning", null);
  private static final String CODEQL =
      sarif(
          "CodeQL",
          "codeql/javascript",
          RULES,
          result("js/xss", "src/a.js", 4, "xa:1"),
          result("js/eval", "src/b.js", 8, "xb:1"));

  @Test
  void listGetSarifAndDelete() {
    Tenant tenant = Tenant.create();
    String repo = "acme/analyses";
    ScanningTestSupport.connect(tenant, repo, "main");
    GitHubContract contract = GitHubContract.get();

    String u1 = uploaded(tenant, repo, SHA, "refs/heads/main", CODEQL);
    String u2 = uploaded(tenant, repo, SHA2, "refs/heads/main", CODEQL);
    String u3 =
        uploaded(
            tenant,
            repo,
            SHA2,
            "refs/heads/main",
            sarif("Semgrep", null, rule("s1", "note", null), result("s1", "src/c.py", 1, "s:1")));
    String u4 =
        uploaded(
            tenant,
            repo,
            SHA2,
            "refs/heads/feature",
            sarif("CodeQL", "codeql/javascript", RULES, result("js/xss", "src/a.js", 4, "xa:1")));

    Response all = list(tenant, Map.of());
    contract.check("get", LIST, all);
    List<Integer> ids = all.jsonPath().getList("id", Integer.class);
    assertThat(ids).hasSize(4).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    assertThat(all.jsonPath().getList("sarif_id", String.class)).containsExactly(u4, u3, u2, u1);
    assertThat(all.jsonPath().getList("deletable", Boolean.class))
        .containsExactly(true, true, true, false);
    long a1 = ids.get(3);
    long a2 = ids.get(2);
    JsonNode first = ScanningTestSupport.json(all).get(3);
    assertThat(first.path("ref").asText()).isEqualTo("refs/heads/main");
    assertThat(first.path("commit_sha").asText()).isEqualTo(SHA);
    assertThat(first.path("category").asText()).isEqualTo("codeql/javascript/");
    assertThat(first.path("tool").path("name").asText()).isEqualTo("CodeQL");
    assertThat(first.path("tool").path("version").asText()).isEqualTo("1.0.0");
    assertThat(first.path("results_count").asInt()).isEqualTo(2);
    assertThat(first.path("rules_count").asInt()).isEqualTo(2);
    assertThat(first.path("error").asText()).isEmpty();
    assertThat(first.path("warning").asText()).isEmpty();
    assertThat(first.path("created_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    assertThat(list(tenant, Map.of("tool_name", "CodeQL")).jsonPath().getList("sarif_id"))
        .containsExactly(u4, u2, u1);
    assertThat(list(tenant, Map.of("ref", "main")).jsonPath().getList("sarif_id"))
        .containsExactly(u3, u2, u1);
    assertThat(list(tenant, Map.of("ref", "refs/heads/feature")).jsonPath().getList("sarif_id"))
        .containsExactly(u4);
    assertThat(list(tenant, Map.of("sarif_id", u1)).jsonPath().getList("sarif_id"))
        .containsExactly(u1);
    assertThat(list(tenant, Map.of("direction", "asc")).jsonPath().getList("sarif_id"))
        .containsExactly(u1, u2, u3, u4);
    assertThat(list(tenant, Map.of("tool_guid", "none")).jsonPath().getList("$")).isEmpty();
    Response paged = list(tenant, Map.of("per_page", "3"));
    contract.check("get", LIST, paged);
    assertThat(paged.jsonPath().getList("$")).hasSize(3);
    assertThat(paged.header("Link")).contains("page=2").contains("rel=\"next\"");
    Response badSort = list(tenant, Map.of("sort", "updated"));
    assertThat(badSort.statusCode()).isEqualTo(422);
    contract.check("get", LIST, badSort);

    Response one = given().auth().oauth2(tenant.readToken()).get(ONE, "acme", "analyses", a1);
    assertThat(one.statusCode()).isEqualTo(200);
    contract.check("get", ONE, one);
    assertThat(one.jsonPath().getString("url")).endsWith("/code-scanning/analyses/" + a1);

    Response sarif =
        given()
            .auth()
            .oauth2(tenant.readToken())
            .accept("application/sarif+json")
            .get(ONE, "acme", "analyses", a2);
    assertThat(sarif.statusCode()).isEqualTo(200);
    assertThat(sarif.contentType()).startsWith("application/sarif+json");
    contract.check("get", ONE, sarif);
    JsonNode doc = ScanningTestSupport.json(sarif);
    assertThat(doc.path("version").asText()).isEqualTo("2.1.0");
    JsonNode run = doc.path("runs").get(0);
    assertThat(run.path("tool").path("driver").path("name").asText()).isEqualTo("CodeQL");
    assertThat(run.path("tool").path("driver").path("rules")).hasSize(2);
    assertThat(run.path("results")).hasSize(2);
    JsonNode r0 = run.path("results").get(0);
    assertThat(r0.path("ruleId").asText()).isEqualTo("js/xss");
    assertThat(r0.path("properties").path("github/alertNumber").asInt()).isEqualTo(1);
    assertThat(r0.path("properties").path("github/alertUrl").asText())
        .endsWith("/repos/acme/analyses/code-scanning/alerts/1");
    assertThat(r0.path("partialFingerprints").path("primaryLocationLineHash").asText())
        .isEqualTo("xa:1");
    assertThat(
            r0.path("locations")
                .get(0)
                .path("physicalLocation")
                .path("artifactLocation")
                .path("uri")
                .asText())
        .isEqualTo("src/a.js");
    assertThat(run.path("versionControlProvenance").get(0).path("revisionId").asText())
        .isEqualTo(SHA2);

    // Deletion: only the newest of its set; the last one needs confirm_delete.
    Response notNewest = delete(tenant, a1, null);
    assertThat(notNewest.statusCode()).isEqualTo(400);
    assertThat(notNewest.jsonPath().getString("message"))
        .isEqualTo("Analysis specified is not deletable.");
    contract.check("delete", ONE, notNewest);
    Response readOnly =
        given().auth().oauth2(tenant.readToken()).delete(ONE, "acme", "analyses", a2);
    assertThat(readOnly.statusCode()).isEqualTo(403);
    contract.check("delete", ONE, readOnly);

    Response deleted = delete(tenant, a2, null);
    assertThat(deleted.statusCode()).isEqualTo(200);
    contract.check("delete", ONE, deleted);
    assertThat(deleted.jsonPath().getString("next_analysis_url")).isNull();
    String confirmUrl = deleted.jsonPath().getString("confirm_delete_url");
    assertThat(confirmUrl).endsWith("/code-scanning/analyses/" + a1 + "?confirm_delete");
    Response last = delete(tenant, a1, null);
    assertThat(last.statusCode()).isEqualTo(400);
    assertThat(last.jsonPath().getString("message")).contains("Please specify confirm_delete.");
    Response confirmed =
        given()
            .auth()
            .oauth2(tenant.token())
            .delete(BASE + "/analyses/" + a1 + "?confirm_delete", "acme", "analyses");
    assertThat(confirmed.statusCode()).isEqualTo(200);
    contract.check("delete", ONE, confirmed);
    assertThat(confirmed.jsonPath().getString("next_analysis_url")).isNull();
    assertThat(confirmed.jsonPath().getString("confirm_delete_url")).isNull();
    assertThat(list(tenant, Map.of("ref", "main")).jsonPath().getList("sarif_id"))
        .containsExactly(u3);
    // CodeQL's set on main is gone with its alerts there; the feature branch keeps js/xss.
    Response mainAlerts =
        given()
            .auth()
            .oauth2(tenant.readToken())
            .queryParam("tool_name", "CodeQL")
            .get(BASE + "/alerts", "acme", "analyses");
    assertThat(mainAlerts.jsonPath().getList("$")).isEmpty();
    Response featureAlerts =
        given()
            .auth()
            .oauth2(tenant.readToken())
            .queryParam("ref", "feature")
            .get(BASE + "/alerts", "acme", "analyses");
    assertThat(featureAlerts.jsonPath().getList("rule.id", String.class)).containsExactly("js/xss");

    Response gone = given().auth().oauth2(tenant.readToken()).get(ONE, "acme", "analyses", a1);
    assertThat(gone.statusCode()).isEqualTo(404);
    contract.check("get", ONE, gone);
    Tenant other = Tenant.create();
    ScanningTestSupport.connect(other, repo, "main");
    long a3 = ids.get(1);
    Response foreign = given().auth().oauth2(other.token()).get(ONE, "acme", "analyses", a3);
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(
            given()
                .auth()
                .oauth2(tenant.token())
                .get(BASE + "/analyses/abc", "acme", "analyses")
                .statusCode())
        .isEqualTo(404);
  }

  private static String uploaded(
      Tenant tenant, String repo, String commit, String ref, String sarif) {
    Response accepted =
        ScanningTestSupport.upload(
            tenant, repo, ScanningTestSupport.uploadBody(commit, ref, encode(sarif)));
    String id = accepted.jsonPath().getString("id");
    JsonNode status = ScanningTestSupport.awaitProcessed(tenant, repo, id);
    assertThat(status.path("processing_status").asText()).isEqualTo("complete");
    return id;
  }

  private static Response list(Tenant tenant, Map<String, String> query) {
    return given()
        .auth()
        .oauth2(tenant.readToken())
        .queryParams(query)
        .get(LIST, "acme", "analyses");
  }

  private static Response delete(Tenant tenant, long id, String confirm) {
    var request = given().auth().oauth2(tenant.token());
    if (confirm != null) {
      request.queryParam("confirm_delete", confirm);
    }
    return request.delete(ONE, "acme", "analyses", id);
  }
}
