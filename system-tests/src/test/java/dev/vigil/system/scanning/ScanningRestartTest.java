package dev.vigil.system.scanning;

import static dev.vigil.system.scanning.CodeScanning.ALERTS;
import static dev.vigil.system.scanning.CodeScanning.ANALYSES;
import static dev.vigil.system.scanning.CodeScanning.SARIF;
import static dev.vigil.system.scanning.CodeScanning.SHA1;
import static dev.vigil.system.scanning.CodeScanning.as;
import static dev.vigil.system.scanning.CodeScanning.checked;
import static dev.vigil.system.scanning.CodeScanning.rule;
import static dev.vigil.system.scanning.CodeScanning.sarif;
import static dev.vigil.system.scanning.CodeScanning.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.system.ServiceNames;
import dev.vigil.system.VigilSystem;
import dev.vigil.system.scanning.CodeScanning.Tenant;
import dev.vigil.testkit.contract.GitHubContract;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Killing scanning-service with SIGKILL while uploads are pending loses none of them: after a
 * restart on the same database and port every upload completes, with exactly its analysis and its
 * alerts, none twice.
 *
 * <p>Runs after the other classes ({@code junit-platform.properties} orders classes by {@link
 * Order}); the restart waits until the service is ready and reachable through the gateway again, so
 * anything after it finds the suite as before.
 */
@Order(Integer.MAX_VALUE)
class ScanningRestartTest {

  /**
   * The last upload is large (20 runs, GitHub's maximum, of more results than GitHub keeps: 5,000
   * per run) so that it is still being processed when the service is killed.
   */
  private static final int BIG_RUNS = 20;

  private static final int BIG_RESULTS_PER_RUN = 6_000;
  private static final int KEPT_PER_RUN = 5_000;
  private static final int SMALL = 40;
  private static final int SMALL_UPLOADS = 5;

  @Test
  void uploadsPendingAtAKill9CompleteAfterRestartWithNothingLostOrDoubled() throws Exception {
    CodeScanning.contract();
    VigilSystem system = CodeScanning.system();
    Tenant tenant = CodeScanning.devTenant();
    String repo = CodeScanning.newRepo("restart");
    CodeScanning.connect(tenant, repo);

    // Small uploads, then a big one last: it takes seconds to process, so right after its 202 it is
    // still pending (and so are the small ones if they were not reached yet). Every body is encoded
    // before the first is sent.
    Map<String, Map<String, Object>> bodies = new LinkedHashMap<>();
    for (int i = 1; i <= SMALL_UPLOADS; i++) {
      String name = "Small" + i;
      String sarif =
          sarif(
              name,
              null,
              List.of(rule(name + "/rule", "error", "7.0")),
              CodeScanning.results(name + "/rule", name.toLowerCase(Locale.ROOT) + "-", SMALL));
      bodies.put(
          name, CodeScanning.uploadBody(SHA1, "refs/heads/main", CodeScanning.encode(sarif)));
    }
    bodies.put("Big", CodeScanning.uploadBody(SHA1, "refs/heads/main", CodeScanning.encode(big())));
    Map<String, String> uploads = new LinkedHashMap<>(); // tool -> sarif id
    for (Map.Entry<String, Map<String, Object>> body : bodies.entrySet()) {
      Response accepted = CodeScanning.upload(tenant.token(), repo, body.getValue());
      assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
      uploads.put(body.getKey(), accepted.jsonPath().getString("id"));
    }

    List<String> pendingAtKill = new ArrayList<>();
    List<Map.Entry<String, String>> newestFirst = new ArrayList<>(uploads.entrySet());
    Collections.reverse(newestFirst);
    for (Map.Entry<String, String> upload : newestFirst) {
      Response status = as(tenant.token()).get(url(SARIF, repo, upload.getValue()));
      if ("pending".equals(status.jsonPath().getString("processing_status"))) {
        pendingAtKill.add(upload.getKey());
      }
    }
    system.kill(ServiceNames.SCANNING);
    assertThat(pendingAtKill)
        .as("uploads still pending when scanning-service was killed")
        .isNotEmpty();

    // While it is down the gateway answers in GitHub's error shape.
    Response down = as(tenant.token()).get(url(ALERTS, repo));
    assertThat(down.statusCode()).isEqualTo(502);
    assertThat(down.jsonPath().getString("message")).isNotBlank();

    system.restart(ServiceNames.SCANNING);

    for (Map.Entry<String, String> upload : uploads.entrySet()) {
      JsonNode status = CodeScanning.awaitProcessed(tenant.token(), repo, upload.getValue());
      assertThat(status.path("processing_status").asText())
          .as("%s after the restart: %s", upload.getKey(), status)
          .isEqualTo("complete");
    }

    // One analysis per run, each with the results GitHub keeps: none missing, none twice.
    Response analyses =
        checked(
            "get",
            ANALYSES,
            as(tenant.token()).queryParam("per_page", 100).get(url(ANALYSES, repo)));
    assertThat(analyses.jsonPath().getList("$")).hasSize(BIG_RUNS + SMALL_UPLOADS);
    assertThat(resultCounts(tenant, repo, uploads.get("Big")))
        .hasSize(BIG_RUNS)
        .containsOnly(KEPT_PER_RUN);
    for (int i = 1; i <= SMALL_UPLOADS; i++) {
      assertThat(resultCounts(tenant, repo, uploads.get("Small" + i)))
          .as("Small%d", i)
          .containsExactly(SMALL);
    }

    // Each small upload's alerts once each; all alerts numbered 1..total without gaps: none twice.
    Set<Integer> seen = new HashSet<>();
    for (int i = 1; i <= SMALL_UPLOADS; i++) {
      Response alerts =
          checked(
              "get",
              ALERTS,
              as(tenant.token())
                  .queryParam("tool_name", "Small" + i)
                  .queryParam("per_page", 100)
                  .get(url(ALERTS, repo)));
      List<Integer> numbers = alerts.jsonPath().getList("number", Integer.class);
      assertThat(numbers).as("Small%d alerts", i).hasSize(SMALL).doesNotHaveDuplicates();
      assertThat(numbers).allSatisfy(n -> assertThat(seen.add(n)).isTrue());
    }
    int total = BIG_RUNS * KEPT_PER_RUN + SMALL_UPLOADS * SMALL;
    assertThat(alertCount(tenant, repo, Map.of())).as("alerts on main").isEqualTo(total);
    assertThat(alertCount(tenant, repo, Map.of("tool_name", "Big")))
        .isEqualTo(BIG_RUNS * KEPT_PER_RUN);
    Response newest =
        checked(
            "get",
            ALERTS,
            as(tenant.token())
                .queryParams(Map.of("sort", "number", "direction", "desc", "per_page", "1"))
                .get(url(ALERTS, repo)));
    assertThat(newest.jsonPath().getInt("[0].number")).as("highest alert number").isEqualTo(total);

    // The restarted service takes new work as before.
    CodeScanning.processed(
        tenant.token(),
        repo,
        SHA1,
        "refs/heads/main",
        sarif(
            "After",
            null,
            List.of(rule("after/rule", "warning", null)),
            CodeScanning.results("after/rule", "after-", 1)));
  }

  /** {@value #BIG_RUNS} runs of one tool, each its own category, of distinct results. */
  private static String big() {
    return CodeScanning.multiRun("Big", BIG_RUNS, BIG_RESULTS_PER_RUN);
  }

  private static List<Integer> resultCounts(Tenant tenant, String repo, String sarifId) {
    return checked(
            "get",
            ANALYSES,
            as(tenant.token()).queryParam("sarif_id", sarifId).get(url(ANALYSES, repo)))
        .jsonPath()
        .getList("results_count", Integer.class);
  }

  /** The number of alerts a list would show, from its last page (found through Link). */
  private static int alertCount(Tenant tenant, String repo, Map<String, String> filter) {
    Response first =
        checked(
            "get",
            ALERTS,
            as(tenant.token())
                .queryParams(filter)
                .queryParam("per_page", 100)
                .get(url(ALERTS, repo)));
    if (first.header("Link") == null) {
      return first.jsonPath().getList("$").size();
    }
    int lastPage = GitHubContract.checkLink("alerts", first.header("Link")).get("last");
    Response last =
        checked(
            "get",
            ALERTS,
            as(tenant.token())
                .queryParams(filter)
                .queryParam("per_page", 100)
                .queryParam("page", lastPage)
                .get(url(ALERTS, repo)));
    return (lastPage - 1) * 100 + last.jsonPath().getList("$").size();
  }
}
