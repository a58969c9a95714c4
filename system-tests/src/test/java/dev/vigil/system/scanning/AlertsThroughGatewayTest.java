package dev.vigil.system.scanning;

import static dev.vigil.system.scanning.CodeScanning.ALERT;
import static dev.vigil.system.scanning.CodeScanning.ALERTS;
import static dev.vigil.system.scanning.CodeScanning.INSTANCES;
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

import dev.vigil.system.scanning.CodeScanning.Tenant;
import dev.vigil.testkit.contract.GitHubContract;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alerts through the gateway: listed with GitHub's filters, sorting and {@code Link} pagination,
 * read one by one, dismissed with a reason and comment and reopened, and their instances per ref.
 */
class AlertsThroughGatewayTest {

  private static final List<String> RULES =
      List.of(rule("js/sql-injection", "error", "9.1"), rule("js/unused-var", "warning", null));
  private static final String A = result("js/sql-injection", "src/api/a.js", 10, "hash-a:1");
  private static final String B = result("js/unused-var", "web/b.js", 5, "hash-b:1");
  private static final String C = result("js/sql-injection", "src/api/c.js", 1, "hash-c:1");

  private static Tenant tenant;

  @BeforeAll
  static void tenant() {
    CodeScanning.contract();
    tenant = CodeScanning.devTenant();
  }

  @Test
  void listFiltersSortsAndPaginatesThroughTheGateway() {
    String repo = CodeScanning.newRepo("alert-lists");
    CodeScanning.connect(tenant, repo);
    processed(
        tenant.token(),
        repo,
        SHA1,
        "refs/heads/main",
        sarif("CodeQL", null, RULES, List.of(A, B, C)));
    processed(
        tenant.token(), repo, SHA2, "refs/heads/feature", sarif("CodeQL", null, RULES, List.of(A)));

    // Without ref: the default branch (main, from the repository's connection).
    assertThat(numbers(alerts(repo, Map.of()))).containsExactly(3, 2, 1);
    assertThat(numbers(alerts(repo, Map.of("severity", "critical")))).containsExactly(3, 1);
    assertThat(numbers(alerts(repo, Map.of("severity", "warning")))).containsExactly(2);
    assertThat(numbers(alerts(repo, Map.of("state", "open")))).containsExactly(3, 2, 1);
    assertThat(numbers(alerts(repo, Map.of("state", "dismissed")))).isEmpty();
    assertThat(numbers(alerts(repo, Map.of("tool_name", "CodeQL")))).containsExactly(3, 2, 1);
    assertThat(numbers(alerts(repo, Map.of("tool_name", "Other")))).isEmpty();
    assertThat(numbers(alerts(repo, Map.of("sort", "created", "direction", "asc"))))
        .containsExactly(1, 2, 3);
    assertThat(numbers(alerts(repo, Map.of("ref", "feature")))).containsExactly(1);
    assertThat(numbers(alerts(repo, Map.of("ref", "refs/heads/main")))).containsExactly(3, 2, 1);

    Response page2 = alerts(repo, Map.of("per_page", "1", "page", "2"));
    assertThat(numbers(page2)).containsExactly(2);
    Map<String, Integer> links = GitHubContract.checkLink("alerts page 2", page2.header("Link"));
    assertThat(links)
        .containsEntry("first", 1)
        .containsEntry("prev", 1)
        .containsEntry("next", 3)
        .containsEntry("last", 3);
    String last = AnalysesThroughGatewayTest.linkOf(page2.header("Link"), "last");
    assertThat(last).startsWith(url(ALERTS, repo)).contains("per_page=1");
    Response page3 = checked("get", ALERTS, as(tenant.token()).get(last));
    assertThat(numbers(page3)).containsExactly(1);
    assertThat(GitHubContract.checkLink("alerts page 3", page3.header("Link")))
        .doesNotContainKeys("next", "last");

    for (Map<String, String> bad :
        List.of(
            Map.of("state", "nope"),
            Map.of("severity", "huge"),
            Map.of("sort", "name"),
            Map.of("direction", "up"),
            Map.of("tool_name", "CodeQL", "tool_guid", "x"))) {
      Response r = alerts(repo, bad);
      assertThat(r.statusCode()).as(bad.toString()).isEqualTo(422);
      assertThat(r.jsonPath().getString("message")).isNotBlank();
    }
  }

  @Test
  void alertIsReadWithItsRuleToolAndLocation() {
    String repo = CodeScanning.newRepo("alert-one");
    CodeScanning.connect(tenant, repo);
    processed(
        tenant.token(), repo, SHA1, "refs/heads/main", sarif("CodeQL", null, RULES, List.of(A, B)));
    Response one = checked("get", ALERT, as(tenant.token()).get(url(ALERT, repo, 1)));
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.jsonPath().getInt("number")).isEqualTo(1);
    assertThat(one.jsonPath().getString("state")).isEqualTo("open");
    assertThat(one.jsonPath().getString("rule.id")).isEqualTo("js/sql-injection");
    assertThat(one.jsonPath().getString("rule.security_severity_level")).isEqualTo("critical");
    assertThat(one.jsonPath().getString("tool.name")).isEqualTo("CodeQL");
    assertThat(one.jsonPath().getString("most_recent_instance.ref")).isEqualTo("refs/heads/main");
    assertThat(one.jsonPath().getString("most_recent_instance.commit_sha")).isEqualTo(SHA1);
    assertThat(one.jsonPath().getString("most_recent_instance.location.path"))
        .isEqualTo("src/api/a.js");
    assertThat(one.jsonPath().getInt("most_recent_instance.location.start_line")).isEqualTo(10);
    // Every URL in the alert is one the client can follow through the gateway.
    assertThat(one.jsonPath().getString("url")).isEqualTo(url(ALERT, repo, 1));
    assertThat(one.jsonPath().getString("instances_url")).isEqualTo(url(INSTANCES, repo, 1));
    checked("get", INSTANCES, as(tenant.token()).get(one.jsonPath().getString("instances_url")));

    assertError(
        checked("get", ALERT, as(tenant.token()).get(url(ALERT, repo, 99))), 404, "Not Found");
  }

  @Test
  void alertIsDismissedWithReasonAndCommentThenReopened() {
    String repo = CodeScanning.newRepo("alert-dismiss");
    CodeScanning.connect(tenant, repo);
    String all = sarif("CodeQL", null, RULES, List.of(A, B, C));
    processed(tenant.token(), repo, SHA1, "refs/heads/main", all);

    Response badReason =
        patch(repo, 1, "{\"state\":\"dismissed\",\"dismissed_reason\":\"boring\"}");
    assertThat(badReason.statusCode()).isEqualTo(422);
    assertThat(badReason.jsonPath().getString("message")).isEqualTo("Validation Failed");
    assertThat(badReason.jsonPath().getString("errors[0].field")).isEqualTo("dismissed_reason");
    Response badState = patch(repo, 1, "{\"state\":\"closed\"}");
    assertThat(badState.statusCode()).isEqualTo(422);
    Response tooLong =
        patch(
            repo,
            1,
            "{\"state\":\"dismissed\",\"dismissed_reason\":\"won't fix\",\"dismissed_comment\":\""
                + "x".repeat(281)
                + "\"}");
    assertThat(tooLong.statusCode()).isEqualTo(422);
    Response noReason = patch(repo, 1, "{\"state\":\"dismissed\"}");
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(noReason.jsonPath().getString("message")).isNotBlank();
    // Nothing of the rejected requests stuck.
    assertThat(alert(repo, 1).jsonPath().getString("state")).isEqualTo("open");

    Response dismissed =
        patch(
            repo,
            1,
            "{\"state\":\"dismissed\",\"dismissed_reason\":\"false positive\","
                + "\"dismissed_comment\":\"sanitised upstream\"}");
    assertThat(dismissed.statusCode()).as(dismissed.asString()).isEqualTo(200);
    assertThat(dismissed.jsonPath().getString("state")).isEqualTo("dismissed");
    assertThat(dismissed.jsonPath().getString("dismissed_reason")).isEqualTo("false positive");
    assertThat(dismissed.jsonPath().getString("dismissed_comment")).isEqualTo("sanitised upstream");
    assertThat(dismissed.jsonPath().getString("dismissed_by.login")).isNotBlank();
    assertThat(dismissed.jsonPath().getString("dismissed_at")).isNotNull();
    assertThat(alert(repo, 1).jsonPath().getString("state")).isEqualTo("dismissed");
    assertThat(numbers(alerts(repo, Map.of("state", "dismissed")))).containsExactly(1);

    Response again = patch(repo, 1, "{\"state\":\"dismissed\",\"dismissed_reason\":\"won't fix\"}");
    assertError(again, 400, "Alert is already dismissed.");

    // A later analysis that still finds it does not reopen it.
    processed(tenant.token(), repo, SHA2, "refs/heads/main", all);
    assertThat(numbers(alerts(repo, Map.of("state", "dismissed")))).containsExactly(1);

    Response reopened = patch(repo, 1, "{\"state\":\"open\"}");
    assertThat(reopened.statusCode()).isEqualTo(200);
    assertThat(reopened.jsonPath().getString("state")).isEqualTo("open");
    assertThat(reopened.jsonPath().getString("dismissed_by")).isNull();
    assertThat(reopened.jsonPath().getString("dismissed_reason")).isNull();
    assertThat(numbers(alerts(repo, Map.of("state", "open")))).containsExactly(3, 2, 1);

    assertError(patch(repo, 99, "{\"state\":\"open\"}"), 404, "Not Found");
  }

  @Test
  void instancesAreListedPerRefAndFixedOnesShowTheirState() {
    String repo = CodeScanning.newRepo("alert-instances");
    CodeScanning.connect(tenant, repo);
    processed(
        tenant.token(), repo, SHA1, "refs/heads/main", sarif("CodeQL", null, RULES, List.of(A, B)));
    processed(
        tenant.token(), repo, SHA2, "refs/heads/feature", sarif("CodeQL", null, RULES, List.of(A)));
    // B disappears from main's newest analysis: fixed there.
    processed(
        tenant.token(), repo, SHA3, "refs/heads/main", sarif("CodeQL", null, RULES, List.of(A)));

    Response instances = instances(repo, 1, Map.of());
    assertThat(instances.jsonPath().getList("ref", String.class))
        .containsExactlyInAnyOrder("refs/heads/main", "refs/heads/feature");
    Response onFeature = instances(repo, 1, Map.of("ref", "refs/heads/feature"));
    assertThat(onFeature.jsonPath().getList("commit_sha", String.class)).containsExactly(SHA2);
    Response paged = instances(repo, 1, Map.of("per_page", "1"));
    assertThat(paged.jsonPath().getList("$")).hasSize(1);
    assertThat(GitHubContract.checkLink("instances", paged.header("Link")))
        .containsEntry("next", 2)
        .containsEntry("last", 2);

    Response fixed = instances(repo, 2, Map.of());
    assertThat(fixed.jsonPath().getList("state", String.class)).containsExactly("fixed");
    assertThat(fixed.jsonPath().getString("[0].commit_sha")).isEqualTo(SHA3);
    assertThat(numbers(alerts(repo, Map.of("state", "fixed")))).containsExactly(2);
    assertThat(alert(repo, 2).jsonPath().getString("fixed_at")).isNotNull();

    assertError(instances(repo, 99, Map.of()), 404, "Not Found");
  }

  private static List<Integer> numbers(Response r) {
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    return r.jsonPath().getList("number", Integer.class);
  }

  private static Response alerts(String repo, Map<String, String> query) {
    return checked("get", ALERTS, as(tenant.token()).queryParams(query).get(url(ALERTS, repo)));
  }

  private static Response alert(String repo, int number) {
    return checked("get", ALERT, as(tenant.token()).get(url(ALERT, repo, number)));
  }

  private static Response instances(String repo, int number, Map<String, String> query) {
    return checked(
        "get", INSTANCES, as(tenant.token()).queryParams(query).get(url(INSTANCES, repo, number)));
  }

  private static Response patch(String repo, int number, String body) {
    return checked(
        "patch",
        ALERT,
        as(tenant.token())
            .contentType(ContentType.JSON)
            .body(body)
            .patch(url(ALERT, repo, number)));
  }
}
