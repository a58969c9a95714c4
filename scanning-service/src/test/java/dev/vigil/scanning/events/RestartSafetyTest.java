package dev.vigil.scanning.events;

import static dev.vigil.scanning.api.ScanningTestSupport.BASE;
import static dev.vigil.scanning.api.ScanningTestSupport.SHA;
import static dev.vigil.scanning.api.ScanningTestSupport.SHA2;
import static dev.vigil.scanning.api.ScanningTestSupport.result;
import static dev.vigil.scanning.api.ScanningTestSupport.rule;
import static dev.vigil.scanning.api.ScanningTestSupport.sarif;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.scanning.api.ScanningTestSupport;
import dev.vigil.scanning.api.ScanningTestSupport.Tenant;
import dev.vigil.scanning.service.UploadProcessor;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What a crash leaves behind is picked up: an upload stored as pending whose event never reached a
 * worker (the state after a kill -9 with the offset committed, or an event lost) is processed by
 * the sweep; processing is idempotent and ordered however often and from wherever it is asked for.
 * The uploads here are written straight into the database, with no event.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class RestartSafetyTest {

  private static final String RULES = rule("c/overflow", "error", "8.0");

  @Inject DataSource dataSource;
  @Inject PendingUploadSweeper sweeper;
  @Inject UploadProcessor processor;

  @Test
  void sweepCompletesAPendingUploadThatHasNoEvent() throws Exception {
    Tenant tenant = Tenant.create();
    ScanningTestSupport.connect(tenant, "acme/crashed", "main");
    UUID id =
        storePending(
            tenant,
            "acme/crashed",
            SHA,
            sarif("Clang", null, RULES, result("c/overflow", "lib/x.c", 9, "o:1")),
            Instant.now().minusSeconds(600));

    // A fresh upload is left to its event; a stale one is the sweep's.
    assertThat(sweeper.sweep(Duration.ofDays(1))).isZero();
    assertThat(status(id)).isEqualTo("pending");
    sweeper.sweep(Duration.ofMinutes(2));
    assertThat(status(id)).isEqualTo("complete");
    assertThat(alerts(tenant, "crashed")).containsExactly(1);
    // Asked again (a redelivered event): nothing changes.
    assertThat(processor.process(id, true)).isEqualTo(UploadProcessor.Outcome.NOT_PENDING);
    assertThat(count("SELECT count(*) FROM analysis WHERE upload_id = ?", id)).isEqualTo(1);
  }

  @Test
  void concurrentRequestsProcessAnUploadOnce() throws Exception {
    Tenant tenant = Tenant.create();
    ScanningTestSupport.connect(tenant, "acme/twice", "main");
    UUID id =
        storePending(
            tenant,
            "acme/twice",
            SHA,
            sarif(
                "Clang",
                null,
                RULES,
                result("c/overflow", "lib/x.c", 9, "o:1"),
                result("c/overflow", "lib/y.c", 2, "o:2")),
            Instant.now());
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<UploadProcessor.Outcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        outcomes.add(
            pool.submit((Callable<UploadProcessor.Outcome>) () -> processor.process(id, true)));
      }
      for (Future<UploadProcessor.Outcome> outcome : outcomes) {
        assertThat(outcome.get())
            .isIn(UploadProcessor.Outcome.PROCESSED, UploadProcessor.Outcome.NOT_PENDING);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(status(id)).isEqualTo("complete");
    assertThat(count("SELECT count(*) FROM analysis WHERE upload_id = ?", id)).isEqualTo(1);
    assertThat(alerts(tenant, "twice")).containsExactly(2, 1);
    assertThat(createdEvents(tenant)).as("created events appended once").isEqualTo(2);
  }

  @Test
  void olderPendingUploadsOfTheRepositoryGoFirst() throws Exception {
    Tenant tenant = Tenant.create();
    ScanningTestSupport.connect(tenant, "acme/ordered", "main");
    Instant t0 = Instant.now().minusSeconds(30);
    UUID older =
        storePending(
            tenant,
            "acme/ordered",
            SHA,
            sarif(
                "Clang",
                null,
                RULES,
                result("c/overflow", "lib/x.c", 9, "o:1"),
                result("c/overflow", "lib/y.c", 2, "o:2")),
            t0);
    UUID newer =
        storePending(
            tenant,
            "acme/ordered",
            SHA2,
            sarif("Clang", null, RULES, result("c/overflow", "lib/x.c", 9, "o:1")),
            t0.plusSeconds(1));
    // The newer one's event arrives first: the older one is processed before it.
    assertThat(processor.process(newer, true)).isEqualTo(UploadProcessor.Outcome.PROCESSED);
    assertThat(status(older)).isEqualTo("complete");
    assertThat(status(newer)).isEqualTo("complete");
    var fixed =
        given()
            .auth()
            .oauth2(tenant.token())
            .queryParam("state", "fixed")
            .get(BASE + "/alerts", "acme", "ordered");
    assertThat(fixed.jsonPath().getList("number", Integer.class)).containsExactly(2);
  }

  private List<Integer> alerts(Tenant tenant, String repo) {
    return given()
        .auth()
        .oauth2(tenant.token())
        .get(BASE + "/alerts", "acme", repo)
        .jsonPath()
        .getList("number", Integer.class);
  }

  /** Writes an upload as the API would, minus its event. */
  private UUID storePending(
      Tenant tenant, String fullName, String commit, String sarif, Instant createdAt)
      throws Exception {
    UUID id = UUID.randomUUID();
    byte[] gzip = gzip(sarif.getBytes(StandardCharsets.UTF_8));
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO scan_repository (tenant_id, full_name_lower) VALUES (?, ?)"
                  + " ON CONFLICT DO NOTHING")) {
        s.setObject(1, tenant.id());
        s.setString(2, fullName);
        s.executeUpdate();
      }
      long repoId;
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT id FROM scan_repository WHERE tenant_id = ? AND full_name_lower = ?")) {
        s.setObject(1, tenant.id());
        s.setString(2, fullName);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          repoId = r.getLong(1);
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO sarif_upload (id, tenant_id, repo_id, full_name, commit_sha, ref,"
                  + " stored_bytes, status, created_at) VALUES (?, ?, ?, ?, ?, 'refs/heads/main',"
                  + " ?, 'pending', ?)")) {
        s.setObject(1, id);
        s.setObject(2, tenant.id());
        s.setLong(3, repoId);
        s.setString(4, fullName);
        s.setString(5, commit);
        s.setLong(6, gzip.length);
        s.setTimestamp(7, Timestamp.from(createdAt));
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement("INSERT INTO sarif_payload (upload_id, gzip) VALUES (?, ?)")) {
        s.setObject(1, id);
        s.setBytes(2, gzip);
        s.executeUpdate();
      }
      c.commit();
    }
    return id;
  }

  private String status(UUID id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT status FROM sarif_upload WHERE id = ?")) {
      s.setObject(1, id);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }

  private long createdEvents(Tenant tenant) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(ScanningTestSupport.ALERT_EVENTS_IN_OUTBOX)) {
      s.setString(1, "code-scanning-alert.created");
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
      s.setObject(1, param);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
