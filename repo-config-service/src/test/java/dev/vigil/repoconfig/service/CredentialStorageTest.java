package dev.vigil.repoconfig.service;

import static dev.vigil.repoconfig.support.Api.REPOS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.repoconfig.support.Api;
import dev.vigil.repoconfig.support.Api.Project;
import dev.vigil.repoconfig.support.FakePlatforms;
import dev.vigil.repoconfig.support.RepoTopic;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Reads the database directly and proves that no credential is stored in clear: every column of
 * every row of every table is searched for each secret, as text and in the encodings a careless
 * implementation might use (hex, base64, URL encoding, raw bytes in bytea). Kafka is searched too.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(FakePlatforms.class)
class CredentialStorageTest {

  @Inject DataSource dataSource;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void noCredentialIsStoredInClearAnywhere() throws Exception {
    Project p = Project.fresh();
    String githubToken = Api.secret("ghp_goodStorage");
    String gitlabToken = Api.secret("glpat-goodStorage");
    String appPassword = Api.secret("goodStorage");
    String replacedToken = Api.secret("ghp_goodReplaced");

    String github = p.connect(Api.github(githubToken, "acme/stored-api"));
    String gitlab =
        p.connect(
            Api.body(
                "gitlab",
                Map.of("token", gitlabToken, "baseUrl", "https://localhost:1/gitlab"),
                List.of("acme/platform/stored"),
                true));
    String bitbucket =
        p.connect(
            Api.body(
                "bitbucket",
                Map.of("username", "storage-bot", "appPassword", appPassword),
                List.of("acme/stored-pay"),
                false));
    // A replaced token must not linger either; an idempotent request stores its response.
    p.writer()
        .header("Idempotency-Key", "storage-" + replacedToken.substring(20))
        .body(Api.github(replacedToken, "acme/stored-api", "acme/stored-web"))
        .put(REPOS + "/" + github)
        .then()
        .statusCode(200);
    // Decryption for a service writes an audit row; metadata fetches write metadata.
    p.service("sync-service")
        .get("/internal/v1/connections/" + gitlab + "/credentials")
        .then()
        .statusCode(200);
    p.writer().post(REPOS + "/" + bitbucket + "/invalidate-cache").then().statusCode(200);

    List<String> secrets = List.of(githubToken, gitlabToken, appPassword, replacedToken);
    List<String> tables = tables();
    assertThat(tables)
        .contains(
            "repo_connection",
            "connected_repository",
            "service_mapping",
            "idempotency_key",
            "credential_access_audit",
            "outbox_event");
    int cells = 0;
    for (String table : tables) {
      cells += assertTableHoldsNone(table, secrets);
    }
    assertThat(cells).isPositive();

    // The connection rows do hold the sealed envelopes, under the active key.
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT kek_id, octet_length(credential_ciphertext) FROM repo_connection"
                    + " WHERE id IN ('"
                    + github
                    + "','"
                    + gitlab
                    + "','"
                    + bitbucket
                    + "')")) {
      int n = 0;
      while (rows.next()) {
        assertThat(rows.getString(1)).isEqualTo("k2");
        assertThat(rows.getInt(2)).isGreaterThan(16);
        n++;
      }
      assertThat(n).isEqualTo(3);
    }

    for (ConsumerRecord<String, byte[]> record :
        RepoTopic.records(
            bootstrapServers,
            Set.of(github, gitlab, bitbucket),
            5,
            Duration.ofSeconds(30),
            Duration.ZERO)) {
      String payload = new String(record.value(), StandardCharsets.UTF_8);
      for (String secret : secrets) {
        for (String form : encodings(secret)) {
          assertThat(payload).doesNotContain(form);
        }
      }
    }
  }

  private List<String> tables() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        ResultSet rows = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
      while (rows.next()) {
        tables.add(rows.getString("TABLE_NAME"));
      }
    }
    return tables;
  }

  /** Returns how many cells were searched. */
  private int assertTableHoldsNone(String table, List<String> secrets) throws SQLException {
    int cells = 0;
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
      ResultSetMetaData meta = rows.getMetaData();
      while (rows.next()) {
        for (int col = 1; col <= meta.getColumnCount(); col++) {
          String where = table + "." + meta.getColumnName(col);
          byte[] raw = rows.getBytes(col);
          String text = rows.getString(col);
          cells++;
          for (String secret : secrets) {
            if (text != null) {
              for (String form : encodings(secret)) {
                assertThat(text).as(where).doesNotContainIgnoringCase(form);
              }
            }
            if (raw != null) {
              assertThat(indexOf(raw, secret.getBytes(StandardCharsets.UTF_8)))
                  .as(where + " (bytes)")
                  .isNegative();
            }
          }
        }
      }
    }
    return cells;
  }

  private static List<String> encodings(String secret) {
    byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
    return List.of(
        secret,
        HexFormat.of().formatHex(utf8),
        Base64.getEncoder().encodeToString(utf8),
        Base64.getUrlEncoder().withoutPadding().encodeToString(utf8),
        // base64 of a value embedded in other bytes changes with its alignment; a long inner
        // stretch still shows for each of the three alignments.
        Base64.getEncoder()
            .encodeToString(("x" + secret).getBytes(StandardCharsets.UTF_8))
            .substring(4, 40),
        Base64.getEncoder()
            .encodeToString(("xx" + secret).getBytes(StandardCharsets.UTF_8))
            .substring(4, 40),
        URLEncoder.encode(secret, StandardCharsets.UTF_8),
        HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_16BE)));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
