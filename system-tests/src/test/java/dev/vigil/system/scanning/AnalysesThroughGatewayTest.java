package dev.vigil.system.scanning;

import static dev.vigil.system.scanning.CodeScanning.ALERTS;
import static dev.vigil.system.scanning.CodeScanning.ANALYSES;
import static dev.vigil.system.scanning.CodeScanning.ANALYSIS;
import static dev.vigil.system.scanning.CodeScanning.SHA1;
import static dev.vigil.system.scanning.CodeScanning.SHA2;
import static dev.vigil.system.scanning.CodeScanning.SHA3;
import static dev.vigil.system.scanning.CodeScanning.as;
import static dev.vigil.system.scanning.CodeScanning.assertError;
import static dev.vigil.system.scanning.CodeScanning.checked;
import static dev.vigil.system.scanning.CodeScanning.processed;
import static dev.vigil.system.scanning.CodeScanning.result;
import static dev.vigil.system.scanning.CodeScanning.rule;
import static dev.vigil.system.scanning.CodeScanning.sarif;
import static dev.vigil.system.scanning.CodeScanning.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.system.scanning.CodeScanning.Tenant;
import dev.vigil.testkit.contract.GitHubContract;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Analyses through the gateway: listed newest first with GitHub's filters and {@code Link}
 * pagination pointing back at the gateway, read as JSON or as SARIF, and deleted by GitHub's rules
 * (only the newest of a ref + tool + category set, the last one only with {@code confirm_delete},
 * {@code next_analysis_url} / {@code confirm_delete_url} in the answer).
 */
class AnalysesThroughGatewayTest {

  private static final List<String> RULES =
      List.of(rule("js/xss", "error", "6.1"), rule("js/eval", "warning", null));
  private static final String CODEQL =
      sarif(
          "CodeQL",
          "codeql/javascript",
          RULES,
          List.of(
              result("js/xss", "src/a.js", 4, "xa:1"), result("js/eval", "src/b.js", 8, "xb:1")));

  private static Tenant tenant;
  private static String repo;
  private static String u1;
  private static String u2;
  private static String u3;
  private static String u4;

  /**
   * Four uploads: CodeQL twice on main, Semgrep on main, CodeQL on a feature branch, so main has a
   * CodeQL set of two analyses and each other set one.
   */
  @BeforeAll
  static void analyses() {
    CodeScanning.contract();
    tenant = CodeScanning.devTenant();
    repo = CodeScanning.newRepo("analyses");
    CodeScanning.connect(tenant, repo);
    String token = tenant.token();
    u1 = processed(token, repo, SHA1, "refs/heads/main", CODEQL);
    u2 = processed(token, repo, SHA2, "refs/heads/main", CODEQL);
    u3 =
        processed(
            token,
            repo,
            SHA2,
            "refs/heads/main",
            sarif(
                "Semgrep",
                null,
                List.of(rule("s1", "note", null)),
                List.of(result("s1", "src/c.py", 1, "s:1"))));
    u4 =
        processed(
            token,
            repo,
            SHA3,
            "refs/heads/feature",
            sarif(
                "CodeQL",
                "codeql/javascript",
                RULES,
                List.of(result("js/xss", "src/a.js", 4, "xa:1"))));
  }

  @Test
  void listIsNewestFirstAndFiltersAsGitHubDoes() {
    Response all = list(Map.of());
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.jsonPath().getList("sarif_id", String.class)).containsExactly(u4, u3, u2, u1);
    assertThat(all.jsonPath().getList("deletable", Boolean.class))
        .containsExactly(true, true, true, false);
    JsonNode first = CodeScanning.json(all).get(3);
    assertThat(first.path("ref").asText()).isEqualTo("refs/heads/main");
    assertThat(first.path("commit_sha").asText()).isEqualTo(SHA1);
    assertThat(first.path("category").asText()).isEqualTo("codeql/javascript/");
    assertThat(first.path("tool").path("name").asText()).isEqualTo("CodeQL");
    assertThat(first.path("results_count").asInt()).isEqualTo(2);
    assertThat(first.path("rules_count").asInt()).isEqualTo(2);
    assertThat(first.path("url").asText())
        .isEqualTo(url(ANALYSIS, repo, first.path("id").asLong()));

    assertThat(list(Map.of("tool_name", "CodeQL")).jsonPath().getList("sarif_id"))
        .containsExactly(u4, u2, u1);
    assertThat(list(Map.of("ref", "main")).jsonPath().getList("sarif_id"))
        .containsExactly(u3, u2, u1);
    assertThat(list(Map.of("ref", "refs/heads/feature")).jsonPath().getList("sarif_id"))
        .containsExactly(u4);
    assertThat(list(Map.of("sarif_id", u1)).jsonPath().getList("sarif_id")).containsExactly(u1);
    assertThat(list(Map.of("direction", "asc")).jsonPath().getList("sarif_id"))
        .containsExactly(u1, u2, u3, u4);
    assertThat(list(Map.of("tool_guid", "none")).jsonPath().getList("$")).isEmpty();
    Response badDirection = list(Map.of("direction", "sideways"));
    assertThat(badDirection.statusCode()).isEqualTo(422);
  }

  @Test
  void pagesAreLinkedThroughTheGateway() {
    Response page1 = list(Map.of("per_page", "3"));
    assertThat(page1.jsonPath().getList("sarif_id")).containsExactly(u4, u3, u2);
    Map<String, Integer> links = GitHubContract.checkLink("page 1", page1.header("Link"));
    assertThat(links).containsEntry("next", 2).containsEntry("last", 2);
    String next = linkOf(page1.header("Link"), "next");
    // The link is the gateway's and keeps the query: a client follows it as it is.
    assertThat(next).startsWith(url(ANALYSES, repo)).contains("per_page=3");

    Response page2 = checked("get", ANALYSES, as(tenant.token()).get(next));
    assertThat(page2.jsonPath().getList("sarif_id")).containsExactly(u1);
    assertThat(GitHubContract.checkLink("page 2", page2.header("Link")))
        .containsEntry("prev", 1)
        .containsEntry("first", 1)
        .doesNotContainKey("next");

    Response single = list(Map.of("per_page", "100"));
    assertThat(single.jsonPath().getList("$")).hasSize(4);
    assertThat(single.header("Link")).isNull();
  }

  @Test
  void analysisIsReadAsJsonOrAsSarif() {
    long a2 = idOf(repo, u2);
    Response one = checked("get", ANALYSIS, as(tenant.token()).get(url(ANALYSIS, repo, a2)));
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.contentType()).startsWith("application/json");
    assertThat(one.jsonPath().getString("sarif_id")).isEqualTo(u2);
    assertThat(one.jsonPath().getString("commit_sha")).isEqualTo(SHA2);

    Response sarif =
        checked(
            "get",
            ANALYSIS,
            as(tenant.token()).accept("application/sarif+json").get(url(ANALYSIS, repo, a2)));
    assertThat(sarif.statusCode()).isEqualTo(200);
    assertThat(sarif.contentType()).startsWith("application/sarif+json");
    JsonNode doc = CodeScanning.json(sarif);
    assertThat(doc.path("version").asText()).isEqualTo("2.1.0");
    JsonNode run = doc.path("runs").get(0);
    assertThat(run.path("tool").path("driver").path("name").asText()).isEqualTo("CodeQL");
    assertThat(run.path("results")).hasSize(2);
    assertThat(run.path("results").get(0).path("properties").path("github/alertUrl").asText())
        .startsWith(url(ALERTS, repo) + "/");

    Response unknown =
        checked("get", ANALYSIS, as(tenant.token()).get(url(ANALYSIS, repo, 999_999_999)));
    assertError(unknown, 404, "Not Found");
  }

  @Test
  void deletionFollowsGitHubsRulesAndOffersTheNextUrls() {
    // A repository of its own: CodeQL twice on main, Semgrep once.
    String own = CodeScanning.newRepo("deletions");
    CodeScanning.connect(tenant, own);
    String main = "refs/heads/main";
    String r1 = processed(tenant.token(), own, SHA1, main, CODEQL);
    String r2 = processed(tenant.token(), own, SHA2, main, CODEQL);
    String semgrep =
        processed(
            tenant.token(),
            own,
            SHA2,
            main,
            sarif(
                "Semgrep",
                null,
                List.of(rule("s1", "note", null)),
                List.of(result("s1", "src/c.py", 1, "s:1"))));
    long a1 = idOf(own, r1);
    long a2 = idOf(own, r2);

    Response notNewest = delete(url(ANALYSIS, own, a1));
    assertError(notNewest, 400, "Analysis specified is not deletable.");

    Response deleted = delete(url(ANALYSIS, own, a2));
    assertThat(deleted.statusCode()).isEqualTo(200);
    // a1 is now the last of its set: only the confirming URL deletes it.
    assertThat(deleted.jsonPath().getString("next_analysis_url")).isNull();
    String confirmUrl = deleted.jsonPath().getString("confirm_delete_url");
    assertThat(confirmUrl).isEqualTo(url(ANALYSIS, own, a1) + "?confirm_delete");

    Response last = delete(url(ANALYSIS, own, a1));
    assertThat(last.statusCode()).isEqualTo(400);
    assertThat(last.jsonPath().getString("message")).contains("Please specify confirm_delete.");

    Response confirmed =
        checked(
            "delete", ANALYSIS, as(tenant.token()).urlEncodingEnabled(false).delete(confirmUrl));
    assertThat(confirmed.statusCode()).as(confirmed.asString()).isEqualTo(200);
    assertThat(confirmed.jsonPath().getString("next_analysis_url")).isNull();
    assertThat(confirmed.jsonPath().getString("confirm_delete_url")).isNull();

    Response gone = checked("get", ANALYSIS, as(tenant.token()).get(url(ANALYSIS, own, a1)));
    assertError(gone, 404, "Not Found");
    // The other set is untouched; CodeQL's alerts on main went with its last analysis.
    assertThat(list(own, Map.of()).jsonPath().getList("sarif_id")).containsExactly(semgrep);
    Response codeqlAlerts =
        checked(
            "get",
            ALERTS,
            as(tenant.token()).queryParam("tool_name", "CodeQL").get(url(ALERTS, own)));
    assertThat(codeqlAlerts.jsonPath().getList("$")).isEmpty();
  }

  @Test
  void deletingTheNewestOfALongerSetOffersBothUrls() {
    String own = CodeScanning.newRepo("deletions");
    CodeScanning.connect(tenant, own);
    String ref = "refs/heads/hotfix";
    String h1 = processed(tenant.token(), own, SHA1, ref, CODEQL);
    processed(tenant.token(), own, SHA2, ref, CODEQL);
    String h3 = processed(tenant.token(), own, SHA3, ref, CODEQL);
    Response deleted = delete(url(ANALYSIS, own, idOf(own, h3)));
    assertThat(deleted.statusCode()).isEqualTo(200);
    long h2 = list(own, Map.of("ref", ref)).jsonPath().getLong("[0].id");
    assertThat(deleted.jsonPath().getString("next_analysis_url")).isEqualTo(url(ANALYSIS, own, h2));
    assertThat(deleted.jsonPath().getString("confirm_delete_url"))
        .isEqualTo(url(ANALYSIS, own, h2) + "?confirm_delete");
    // Following next_analysis_url deletes h2; h1 then is the last and stays unless confirmed.
    Response next =
        checked(
            "delete",
            ANALYSIS,
            as(tenant.token()).delete(deleted.jsonPath().getString("next_analysis_url")));
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(list(own, Map.of("ref", ref)).jsonPath().getList("sarif_id")).containsExactly(h1);
  }

  private static Response list(Map<String, String> query) {
    return list(repo, query);
  }

  private static Response list(String repository, Map<String, String> query) {
    return checked(
        "get", ANALYSES, as(tenant.token()).queryParams(query).get(url(ANALYSES, repository)));
  }

  private static Response delete(String analysisUrl) {
    return checked("delete", ANALYSIS, as(tenant.token()).delete(analysisUrl));
  }

  private static long idOf(String repository, String sarifId) {
    List<Long> ids =
        list(repository, Map.of("sarif_id", sarifId)).jsonPath().getList("id", Long.class);
    assertThat(ids).hasSize(1);
    return ids.get(0);
  }

  /** The URL of {@code rel} in a Link header. */
  static String linkOf(String link, String rel) {
    for (String part : link.split(",")) {
      if (part.contains("rel=\"" + rel + "\"")) {
        return part.substring(part.indexOf('<') + 1, part.indexOf('>'));
      }
    }
    throw new AssertionError("no rel=" + rel + " in " + link);
  }
}
