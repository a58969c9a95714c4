package dev.vigil.scanning.api;

import static dev.vigil.scanning.api.ScanningTestSupport.BASE;
import static dev.vigil.scanning.api.ScanningTestSupport.SHA;
import static dev.vigil.scanning.api.ScanningTestSupport.SHA2;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.scanning.api.ScanningTestSupport.Tenant;
import dev.vigil.testkit.VigilTestResource;
import dev.vigil.testkit.contract.GitHubContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Every real-tool SARIF file in the shared conformance folder uploads (gzip + base64, with the
 * checkout_uri its README gives) and processes to {@code complete} with one alert per result — the
 * counts the domain tests derive independently from each file (no file has a
 * primaryLocationLineHash that merges results, none exceeds 5,000 results per run). All files are
 * uploaded first and awaited together, to keep the test short.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class ConformanceUploadTest {

  private static final Path DIR =
      Path.of(System.getProperty("vigil.conformance.sarif", "/work/shared/conformance/sarif"));

  /** file → {expected alerts, checkout_uri}. */
  private static final Map<String, Object[]> FILES = new LinkedHashMap<>();

  static {
    FILES.put(
        "checkstyle-commons-lang3-tuple.sarif",
        new Object[] {100, "file:///src/commons-lang3-3.17.0"});
    FILES.put("clang-analyzer-lz4.sarif", new Object[] {5, "file:///src/lmdb-3.5.6"});
    FILES.put("contrast-webgoat.sarif", new Object[] {30, null});
    FILES.put("cppcheck-issuelog1.sarif", new Object[] {188, null});
    FILES.put("eslint-eslint.sarif", new Object[] {861, "file:///src/eslint-10.15.0"});
    FILES.put("eslint-express.sarif", new Object[] {65, "file:///src/express-4.21.2"});
    FILES.put("flawfinder-cpu-features.sarif", new Object[] {43, null});
    FILES.put("fortify-bannedapis.sarif", new Object[] {114, null});
    FILES.put("heimdall-hdf.sarif", new Object[] {166, null});
    FILES.put("htmlhint-rust-doc.sarif", new Object[] {17, null});
    FILES.put("markdownlint-express.sarif", new Object[] {3988, null});
    FILES.put("pmd-commons-lang3.sarif", new Object[] {488, "file:///src/commons-lang3-3.17.0"});
    FILES.put("semmleql-results.sarif", new Object[] {80, null});
  }

  @Inject DataSource dataSource;

  @Test
  void everyFileCompletesWithOneAlertPerResult() throws Exception {
    assumeTrue(Files.isDirectory(DIR), "skipped: SARIF conformance samples not found at " + DIR);
    Tenant tenant = Tenant.create();
    GitHubContract contract = GitHubContract.get();
    record Pending(String file, String repo, String id, int expected) {}
    List<Pending> pending = new ArrayList<>();
    int n = 0;
    for (Map.Entry<String, Object[]> file : FILES.entrySet()) {
      String repo = "conformance/repo-" + n++;
      ScanningTestSupport.connect(tenant, repo, "main");
      Map<String, Object> body =
          ScanningTestSupport.uploadBody(
              SHA, "refs/heads/main", ScanningTestSupport.encode(DIR.resolve(file.getKey())));
      if (file.getValue()[1] != null) {
        body.put("checkout_uri", file.getValue()[1]);
      }
      Response accepted = ScanningTestSupport.upload(tenant, repo, body);
      assertThat(accepted.statusCode()).as(file.getKey()).isEqualTo(202);
      pending.add(
          new Pending(
              file.getKey(), repo, accepted.jsonPath().getString("id"), (int) file.getValue()[0]));
    }
    for (Pending p : pending) {
      JsonNode status = ScanningTestSupport.awaitProcessed(tenant, p.repo(), p.id());
      assertThat(status.path("processing_status").asText())
          .as(p.file() + " " + status)
          .isEqualTo("complete");
      assertThat(alertCount(tenant, p.repo())).as(p.file()).isEqualTo(p.expected());
      String[] parts = p.repo().split("/");
      Response analyses =
          given()
              .auth()
              .oauth2(tenant.readToken())
              .queryParam("sarif_id", p.id())
              .get(BASE + "/analyses", parts[0], parts[1]);
      contract.check("get", BASE + "/analyses", analyses);
      assertThat(analyses.jsonPath().getList("results_count", Integer.class))
          .as(p.file())
          .containsExactly(p.expected());
      Response alerts =
          given()
              .auth()
              .oauth2(tenant.readToken())
              .queryParam("per_page", 100)
              .get(BASE + "/alerts", parts[0], parts[1]);
      contract.check("get", BASE + "/alerts", alerts);
      assertThat(alerts.jsonPath().getList("$")).hasSize(Math.min(100, p.expected()));
    }
  }

  @Test
  void reuploadingTheSameFileCreatesNoNewAlerts() throws Exception {
    assumeTrue(Files.isDirectory(DIR), "skipped: SARIF conformance samples not found at " + DIR);
    Tenant tenant = Tenant.create();
    for (String file : List.of("eslint-express.sarif", "flawfinder-cpu-features.sarif")) {
      String repo = "conformance/again-" + file.replace(".sarif", "");
      ScanningTestSupport.connect(tenant, repo, "main");
      Map<String, Object> body =
          ScanningTestSupport.uploadBody(
              SHA, "refs/heads/main", ScanningTestSupport.encode(DIR.resolve(file)));
      if (file.startsWith("eslint")) {
        body.put("checkout_uri", "file:///src/express-4.21.2");
      }
      int expected = (int) FILES.get(file)[0];
      for (String commit : List.of(SHA, SHA2)) {
        body.put("commit_sha", commit);
        Response accepted = ScanningTestSupport.upload(tenant, repo, body);
        JsonNode status =
            ScanningTestSupport.awaitProcessed(tenant, repo, accepted.jsonPath().getString("id"));
        assertThat(status.path("processing_status").asText()).isEqualTo("complete");
        assertThat(alertCount(tenant, repo)).as(file).isEqualTo(expected);
        assertThat(openCount(tenant, repo)).as(file).isEqualTo(expected);
      }
      assertThat(maxNumber(tenant, repo)).isEqualTo(expected);
    }
  }

  private long alertCount(Tenant tenant, String repo) throws SQLException {
    return scalar(tenant, repo, "SELECT count(*) FROM alert a");
  }

  private long openCount(Tenant tenant, String repo) throws SQLException {
    return scalar(tenant, repo, "SELECT count(*) FROM alert a WHERE a.state = 'open' AND true");
  }

  private long maxNumber(Tenant tenant, String repo) throws SQLException {
    return scalar(tenant, repo, "SELECT max(a.number) FROM alert a");
  }

  private long scalar(Tenant tenant, String repo, String select) throws SQLException {
    String where =
        " JOIN scan_repository r ON r.id = a.repo_id WHERE r.tenant_id = ? AND r.full_name_lower = ?";
    String sql =
        select.contains(" WHERE ") ? select.replace(" WHERE ", where + " AND ") : select + where;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, tenant.id());
      s.setString(2, repo);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
