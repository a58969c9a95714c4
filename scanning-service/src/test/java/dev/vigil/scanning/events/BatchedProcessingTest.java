package dev.vigil.scanning.events;

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
import dev.vigil.scanning.api.ScanningTestSupport;
import dev.vigil.scanning.api.ScanningTestSupport.Tenant;
import dev.vigil.scanning.service.ParsedBatches;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Uploads larger than one write batch ({@link ParsedBatches#BATCH_SIZE}), processed through the
 * parser thread and the batched COPY path: alert numbers stay in document order and stable across
 * batches and uploads, a key repeated in a later batch is the same alert, alerts absent from a
 * newer analysis are fixed and come back reopened, each change with exactly one event, and deleting
 * an analysis deletes its results (no cascade since V3).
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class BatchedProcessingTest {

  private static final String RULES =
      rule("java/a", "error", "8.0") + "," + rule("java/b", "warning", null);
  private static final int FIRST = ParsedBatches.BATCH_SIZE * 2 + 500;

  @Inject DataSource dataSource;

  @Test
  void manyResultsAcrossBatchesAndUploads() throws Exception {
    Tenant tenant = Tenant.create();
    String repo = "acme/batched";
    ScanningTestSupport.connect(tenant, repo, "main");

    // 1. FIRST results in three batches; the one at FIRST - 1 repeats result 10 (a later batch).
    List<String> first = results(0, FIRST - 1, i -> true);
    first.add(finding(10));
    JsonNode done = upload(tenant, repo, SHA, first);
    assertThat(done.path("processing_status").asText()).isEqualTo("complete");
    long repoId = repoId(tenant);
    Map<Integer, String> alerts = alertsByNumber(repoId);
    assertThat(alerts).hasSize(FIRST - 1);
    for (int i = 0; i < FIRST - 1; i++) {
      assertThat(alerts.get(i + 1)).as("alert %d", i + 1).isEqualTo(path(i));
    }
    assertThat(count("SELECT count(*) FROM alert_instance WHERE repo_id = ?", repoId))
        .isEqualTo(FIRST - 1);
    // The SARIF view, read back from the stored upload, has every kept result in order, each with
    // its alert's number; the repeated key is one alert.
    JsonNode results =
        given()
            .auth()
            .oauth2(tenant.token())
            .accept("application/sarif+json")
            .get(BASE + "/analyses/" + analysisIdsNewestFirst(repoId).get(0), "acme", "batched")
            .then()
            .statusCode(200)
            .extract()
            .as(JsonNode.class)
            .at("/runs/0/results");
    assertThat(results.size()).isEqualTo(FIRST);
    assertThat(results.get(FIRST - 1).at("/properties/github~1alertNumber").asLong())
        .as("the repeated key is one alert")
        .isEqualTo(results.get(10).at("/properties/github~1alertNumber").asLong())
        .isEqualTo(11);
    assertThat(results.get(FIRST - 2).at("/properties/github~1alertNumber").asLong())
        .isEqualTo(FIRST - 1);
    assertThat(events(tenant, "created")).isEqualTo(FIRST - 1);

    // 2. Every third result is gone, 700 new ones come after the rest.
    List<String> second = results(0, FIRST - 1, i -> i % 3 != 0);
    second.addAll(results(FIRST, FIRST + 700, i -> true));
    upload(tenant, repo, SHA2, second);
    int gone = (FIRST - 1 + 2) / 3;
    Map<Integer, String> after = alertsByNumber(repoId);
    assertThat(after).hasSize(FIRST - 1 + 700);
    for (int i = 0; i < 700; i++) {
      assertThat(after.get(FIRST + i)).as("new alert %d", FIRST + i).isEqualTo(path(FIRST + i));
    }
    assertThat(states(repoId)).containsEntry("fixed", (long) gone);
    assertThat(events(tenant, "created")).isEqualTo(FIRST - 1 + 700);
    assertThat(events(tenant, "fixed")).isEqualTo(gone);

    // 3. Everything of the first upload again: the fixed ones are reopened, the 700 new ones fixed.
    List<String> third = results(0, FIRST - 1, i -> true);
    upload(tenant, repo, SHA, third);
    assertThat(alertsByNumber(repoId)).isEqualTo(after);
    assertThat(states(repoId)).containsEntry("open", (long) FIRST - 1).containsEntry("fixed", 700L);
    assertThat(events(tenant, "created")).isEqualTo(FIRST - 1 + 700);
    assertThat(events(tenant, "fixed")).isEqualTo(gone + 700);
    assertThat(events(tenant, "reopened")).isEqualTo(gone);

    // Every analysis can be deleted, newest first.
    long analyses = count("SELECT count(*) FROM analysis WHERE repo_id = ?", repoId);
    assertThat(analyses).isEqualTo(3);
    for (long id : analysisIdsNewestFirst(repoId)) {
      int status =
          given()
              .auth()
              .oauth2(tenant.token())
              .delete(BASE + "/analyses/" + id + "?confirm_delete", "acme", "batched")
              .statusCode();
      assertThat(status).as("delete analysis %d", id).isEqualTo(200);
    }
    assertThat(count("SELECT count(*) FROM analysis WHERE repo_id = ?", repoId)).isZero();
  }

  private static JsonNode upload(Tenant tenant, String repo, String sha, List<String> results) {
    String sarif = sarif("Scanner", null, RULES, results.toArray(String[]::new));
    return ScanningTestSupport.uploadAndAwait(tenant, repo, sha, "refs/heads/main", encode(sarif));
  }

  private static List<String> results(int from, int to, IntPredicate keep) {
    List<String> results = new ArrayList<>();
    for (int i = from; i < to; i++) {
      if (keep.test(i)) {
        results.add(finding(i));
      }
    }
    return results;
  }

  private static String finding(int i) {
    return result(i % 2 == 0 ? "java/a" : "java/b", path(i), 1 + i % 50, "h" + i + ":1");
  }

  private static String path(int i) {
    return "src/p" + (i / 100) + "/F" + i + ".java";
  }

  private long repoId(Tenant tenant) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT id FROM scan_repository WHERE tenant_id = ?")) {
      s.setObject(1, tenant.id());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private Map<Integer, String> alertsByNumber(long repoId) throws SQLException {
    Map<Integer, String> alerts = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT number, path FROM alert WHERE repo_id = ? ORDER BY number")) {
      s.setLong(1, repoId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          alerts.put(r.getInt(1), r.getString(2));
        }
      }
    }
    return alerts;
  }

  private Map<String, Long> states(long repoId) throws SQLException {
    Map<String, Long> states = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT state, count(*) FROM alert WHERE repo_id = ? GROUP BY state")) {
      s.setLong(1, repoId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          states.put(r.getString(1), r.getLong(2));
        }
      }
    }
    return states;
  }

  private long events(Tenant tenant, String change) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(ScanningTestSupport.ALERT_EVENTS_IN_OUTBOX)) {
      s.setString(1, "code-scanning-alert." + change);
      s.setString(2, tenant.id().toString());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private long count(String sql, Object param) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      if (param != null) {
        s.setObject(1, param);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private List<Long> analysisIdsNewestFirst(long repoId) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id FROM analysis WHERE repo_id = ? ORDER BY created_at DESC, id DESC")) {
      s.setLong(1, repoId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getLong(1));
        }
      }
    }
    return ids;
  }
}
