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
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.Topics;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.scanning.api.ScanningTestSupport.Tenant;
import dev.vigil.testkit.VigilTestResource;
import dev.vigil.testkit.contract.GitHubContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An alert's life through uploads and the API: created with a stable number, fixed when a newer
 * analysis of the same ref + tool + category no longer has it, reopened when it comes back,
 * dismissed and reopened by a user — each change once on {@code vigil.alerts.v1}. Every response is
 * checked against GitHub's OpenAPI description.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class AlertLifecycleTest {

  private static final String RULES =
      rule("js/sql-injection", "error", "9.1") + "," + rule("js/unused-var", "warning", null);
  private static final String A = result("js/sql-injection", "services/api/a.js", 10, "hash-a:1");
  private static final String B = result("js/unused-var", "web/b.js", 5, "hash-b:1");
  private static final String C = result("js/sql-injection", "services/api/c.js", 1, "hash-c:1");

  @Test
  void alertsAreCreatedFixedReopenedDismissedAndReopenedOnce() {
    Tenant tenant = Tenant.create();
    String repo = "acme/lifecycle";
    ScanningTestSupport.connect(
        tenant, repo, "main", List.of(new RepoEvent.ServiceMapping("api", "services/api", "main")));
    GitHubContract contract = GitHubContract.get();

    // 1. First analysis: three alerts, numbered in document order.
    JsonNode first =
        ScanningTestSupport.uploadAndAwait(
            tenant, repo, SHA, "refs/heads/main", encode(sarif("CodeQL", null, RULES, A, B, C)));
    assertThat(first.path("processing_status").asText()).isEqualTo("complete");
    assertThat(first.path("analyses_url").asText()).contains("/code-scanning/analyses?sarif_id=");
    Response list = alerts(tenant, Map.of());
    contract.check("get", BASE + "/alerts", list);
    assertThat(list.jsonPath().getList("number", Integer.class)).containsExactly(3, 2, 1);
    assertThat(list.jsonPath().getList("state", String.class)).containsOnly("open");
    Response one =
        given().auth().oauth2(tenant.token()).get(BASE + "/alerts/1", "acme", "lifecycle");
    contract.check("get", BASE + "/alerts/{alert_number}", one);
    assertThat(one.jsonPath().getString("rule.id")).isEqualTo("js/sql-injection");
    assertThat(one.jsonPath().getString("rule.severity")).isEqualTo("error");
    assertThat(one.jsonPath().getString("rule.security_severity_level")).isEqualTo("critical");
    assertThat(one.jsonPath().getString("rule.description")).isEqualTo("Short js/sql-injection");
    assertThat(one.jsonPath().getString("rule.full_description"))
        .isEqualTo("Full js/sql-injection");
    assertThat(one.jsonPath().getString("rule.help")).isEqualTo("# Help js/sql-injection");
    assertThat(one.jsonPath().getList("rule.tags", String.class)).containsExactly("security");
    assertThat(one.jsonPath().getString("tool.name")).isEqualTo("CodeQL");
    assertThat(one.jsonPath().getString("most_recent_instance.ref")).isEqualTo("refs/heads/main");
    assertThat(one.jsonPath().getString("most_recent_instance.commit_sha")).isEqualTo(SHA);
    assertThat(one.jsonPath().getString("most_recent_instance.location.path"))
        .isEqualTo("services/api/a.js");
    assertThat(one.jsonPath().getInt("most_recent_instance.location.start_line")).isEqualTo(10);
    assertThat(one.jsonPath().getString("url"))
        .endsWith("/repos/acme/lifecycle/code-scanning/alerts/1");
    assertThat(one.jsonPath().getString("instances_url")).endsWith("/alerts/1/instances");
    assertThat(one.jsonPath().getString("dismissed_by")).isNull();

    // 2. B disappears from the newest analysis of main: fixed.
    ScanningTestSupport.uploadAndAwait(
        tenant, repo, SHA2, "refs/heads/main", encode(sarif("CodeQL", null, RULES, A, C)));
    Response fixed = alerts(tenant, Map.of("state", "fixed"));
    contract.check("get", BASE + "/alerts", fixed);
    assertThat(fixed.jsonPath().getList("number", Integer.class)).containsExactly(2);
    assertThat(fixed.jsonPath().getString("[0].fixed_at")).isNotNull();
    Response instances =
        given()
            .auth()
            .oauth2(tenant.token())
            .get(BASE + "/alerts/2/instances", "acme", "lifecycle");
    contract.check("get", BASE + "/alerts/{alert_number}/instances", instances);
    assertThat(instances.jsonPath().getList("state", String.class)).containsExactly("fixed");
    assertThat(instances.jsonPath().getString("[0].commit_sha")).isEqualTo(SHA2);

    // 3. B is back: reopened. 4. The same file again changes nothing.
    String all = encode(sarif("CodeQL", null, RULES, A, B, C));
    ScanningTestSupport.uploadAndAwait(tenant, repo, SHA, "refs/heads/main", all);
    ScanningTestSupport.uploadAndAwait(tenant, repo, SHA, "refs/heads/main", all);
    assertThat(alerts(tenant, Map.of()).jsonPath().getList("state", String.class))
        .containsOnly("open")
        .hasSize(3);

    // 5. Dismissal rules, then dismiss and reopen A.
    assertThat(patch(tenant, 1, "{\"state\":\"dismissed\"}").statusCode()).isEqualTo(400);
    Response tooLong =
        patch(
            tenant,
            1,
            "{\"state\":\"dismissed\",\"dismissed_reason\":\"won't fix\",\"dismissed_comment\":\""
                + "x".repeat(281)
                + "\"}");
    assertThat(tooLong.statusCode()).isEqualTo(422);
    contract.check("patch", BASE + "/alerts/{alert_number}", tooLong);
    Response badState = patch(tenant, 1, "{\"state\":\"closed\"}");
    assertThat(badState.statusCode()).isEqualTo(422);
    contract.check("patch", BASE + "/alerts/{alert_number}", badState);
    Response badReason =
        patch(tenant, 1, "{\"state\":\"dismissed\",\"dismissed_reason\":\"boring\"}");
    assertThat(badReason.statusCode()).isEqualTo(422);
    Response noReason = patch(tenant, 1, "{\"state\":\"dismissed\"}");
    contract.check("patch", BASE + "/alerts/{alert_number}", noReason);

    Response dismissed =
        patch(
            tenant,
            1,
            "{\"state\":\"dismissed\",\"dismissed_reason\":\"false positive\","
                + "\"dismissed_comment\":\"sanitised upstream\"}");
    assertThat(dismissed.statusCode()).as(dismissed.asString()).isEqualTo(200);
    contract.check("patch", BASE + "/alerts/{alert_number}", dismissed);
    assertThat(dismissed.jsonPath().getString("state")).isEqualTo("dismissed");
    assertThat(dismissed.jsonPath().getString("dismissed_reason")).isEqualTo("false positive");
    assertThat(dismissed.jsonPath().getString("dismissed_comment")).isEqualTo("sanitised upstream");
    assertThat(dismissed.jsonPath().getString("dismissed_by.login")).isEqualTo("member-7");
    assertThat(dismissed.jsonPath().getString("dismissed_at")).isNotNull();
    Response again =
        patch(tenant, 1, "{\"state\":\"dismissed\",\"dismissed_reason\":\"won't fix\"}");
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.jsonPath().getString("message")).isEqualTo("Alert is already dismissed.");
    // A dismissed alert stays dismissed through later analyses that still find it.
    ScanningTestSupport.uploadAndAwait(tenant, repo, SHA2, "refs/heads/main", all);
    assertThat(alerts(tenant, Map.of("state", "dismissed")).jsonPath().getList("number"))
        .containsExactly(1);

    Response reopened = patch(tenant, 1, "{\"state\":\"open\"}");
    assertThat(reopened.statusCode()).isEqualTo(200);
    contract.check("patch", BASE + "/alerts/{alert_number}", reopened);
    assertThat(reopened.jsonPath().getString("state")).isEqualTo("open");
    assertThat(reopened.jsonPath().getString("dismissed_by")).isNull();
    assertThat(reopened.jsonPath().getString("dismissed_reason")).isNull();

    // Each change exactly once on vigil.alerts.v1.
    List<CloudEvent<JsonNode>> events =
        ScanningTestSupport.events(
            Topics.ALERTS,
            e -> tenant.id().toString().equals(e.tenantid()),
            3 + 1 + 1 + 1 + 1,
            Duration.ofSeconds(30));
    Map<String, List<Long>> byType =
        events.stream()
            .collect(
                Collectors.groupingBy(
                    CloudEvent::type,
                    Collectors.mapping(
                        e -> e.data().path("alertNumber").asLong(), Collectors.toList())));
    assertThat(byType.get("code-scanning-alert.created")).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(byType.get("code-scanning-alert.fixed")).containsExactly(2L);
    assertThat(byType.get("code-scanning-alert.reopened")).containsExactlyInAnyOrder(2L, 1L);
    assertThat(byType.get("code-scanning-alert.dismissed")).containsExactly(1L);
    assertThat(events.stream().map(CloudEvent::id).distinct()).hasSize(events.size());
    CloudEvent<JsonNode> createdA =
        events.stream()
            .filter(
                e ->
                    e.type().equals("code-scanning-alert.created")
                        && e.data().path("alertNumber").asLong() == 1)
            .findFirst()
            .orElseThrow();
    assertThat(createdA.data().path("service").asText()).isEqualTo("api");
    assertThat(createdA.data().path("repository").asText()).isEqualTo(repo);
    assertThat(createdA.data().path("securitySeverityLevel").asText()).isEqualTo("critical");
    CloudEvent<JsonNode> dismissal =
        events.stream()
            .filter(e -> e.type().equals("code-scanning-alert.dismissed"))
            .findFirst()
            .orElseThrow();
    assertThat(dismissal.data().path("dismissedReason").asText()).isEqualTo("false positive");
  }

  @Test
  void listsFilterSortAndPaginateLikeGitHub() {
    Tenant tenant = Tenant.create();
    String repo = "acme/filters";
    ScanningTestSupport.connect(tenant, repo, "main");
    GitHubContract contract = GitHubContract.get();
    ScanningTestSupport.uploadAndAwait(
        tenant, repo, SHA, "refs/heads/main", encode(sarif("CodeQL", null, RULES, A, B, C)));
    // A feature branch where only A is found; main is not affected.
    ScanningTestSupport.uploadAndAwait(
        tenant, repo, SHA2, "refs/heads/feature", encode(sarif("CodeQL", null, RULES, A)));

    assertThat(numbers(alerts(tenant, "acme", "filters", Map.of("severity", "critical"))))
        .containsExactly(3, 1);
    assertThat(numbers(alerts(tenant, "acme", "filters", Map.of("severity", "warning"))))
        .containsExactly(2);
    assertThat(numbers(alerts(tenant, "acme", "filters", Map.of("tool_name", "Other")))).isEmpty();
    assertThat(
            numbers(
                alerts(tenant, "acme", "filters", Map.of("sort", "created", "direction", "asc"))))
        .containsExactly(1, 2, 3);
    assertThat(numbers(alerts(tenant, "acme", "filters", Map.of("ref", "feature"))))
        .containsExactly(1);
    assertThat(numbers(alerts(tenant, "acme", "filters", Map.of("ref", "refs/heads/main"))))
        .containsExactly(3, 2, 1);
    assertThat(numbers(alerts(tenant, "acme", "filters", Map.of("pr", "12")))).isEmpty();

    Response page = alerts(tenant, "acme", "filters", Map.of("per_page", "1", "page", "2"));
    contract.check("get", BASE + "/alerts", page);
    assertThat(numbers(page)).containsExactly(2);
    String link = page.header("Link");
    assertThat(link)
        .contains("rel=\"next\"")
        .contains("rel=\"last\"")
        .contains("rel=\"prev\"")
        .contains("rel=\"first\"")
        .contains("page=3");

    for (Map<String, String> bad :
        List.of(
            Map.of("state", "nope"),
            Map.of("severity", "huge"),
            Map.of("sort", "name"),
            Map.of("direction", "up"),
            Map.of("tool_name", "CodeQL", "tool_guid", "x"))) {
      Response r = alerts(tenant, "acme", "filters", bad);
      assertThat(r.statusCode()).as(bad.toString()).isEqualTo(422);
      contract.check("get", BASE + "/alerts", r);
    }

    Response instances =
        given().auth().oauth2(tenant.token()).get(BASE + "/alerts/1/instances", "acme", "filters");
    contract.check("get", BASE + "/alerts/{alert_number}/instances", instances);
    assertThat(instances.jsonPath().getList("ref", String.class))
        .containsExactlyInAnyOrder("refs/heads/main", "refs/heads/feature");
    Response onFeature =
        given()
            .auth()
            .oauth2(tenant.token())
            .queryParam("ref", "refs/heads/feature")
            .get(BASE + "/alerts/1/instances", "acme", "filters");
    assertThat(onFeature.jsonPath().getList("commit_sha", String.class)).containsExactly(SHA2);

    Response missing =
        given().auth().oauth2(tenant.token()).get(BASE + "/alerts/99", "acme", "filters");
    assertThat(missing.statusCode()).isEqualTo(404);
    contract.check("get", BASE + "/alerts/{alert_number}", missing);
  }

  @Test
  void textSurvivesStorageExactly() {
    Tenant tenant = Tenant.create();
    String repo = "acme/texts";
    ScanningTestSupport.connect(tenant, repo, "main");
    String message = "Tab\there, new\nline, back\\slash, quote \", é, 日本, 😀, \u0000nul";
    String escaped =
        message
            .replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\u0000", "\\u0000");
    String result =
        "{\"ruleId\":\"r/é\",\"message\":{\"text\":\""
            + escaped
            + "\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
            + "{\"uri\":\"dir%20x/f\u00fcr.js\"},\"region\":{\"startLine\":2}}}]}";
    ScanningTestSupport.uploadAndAwait(
        tenant, repo, SHA, "refs/heads/main", encode(sarif("T", null, "", result)));
    Response alert = given().auth().oauth2(tenant.token()).get(BASE + "/alerts/1", "acme", "texts");
    assertThat(alert.statusCode()).isEqualTo(200);
    GitHubContract.get().check("get", BASE + "/alerts/{alert_number}", alert);
    // NUL cannot be stored in PostgreSQL text; everything else comes back as sent.
    assertThat(alert.jsonPath().getString("most_recent_instance.message.text"))
        .isEqualTo(message.replace("\u0000", ""));
    assertThat(alert.jsonPath().getString("most_recent_instance.location.path"))
        .isEqualTo("dir x/für.js");
    assertThat(alert.jsonPath().getString("rule.id")).isEqualTo("r/é");
  }

  private static List<Integer> numbers(Response r) {
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    return r.jsonPath().getList("number", Integer.class);
  }

  private static Response alerts(Tenant tenant, Map<String, String> query) {
    return alerts(tenant, "acme", "lifecycle", query);
  }

  private static Response alerts(
      Tenant tenant, String owner, String repo, Map<String, String> query) {
    return given()
        .auth()
        .oauth2(tenant.readToken())
        .queryParams(query)
        .get(BASE + "/alerts", owner, repo);
  }

  private static Response patch(Tenant tenant, int number, String body) {
    return given()
        .auth()
        .oauth2(tenant.token())
        .contentType("application/json")
        .body(body)
        .patch(BASE + "/alerts/{n}", "acme", "lifecycle", number);
  }
}
