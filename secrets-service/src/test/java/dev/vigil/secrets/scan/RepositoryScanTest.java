package dev.vigil.secrets.scan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventSources;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.Topics;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.contracts.events.sync.DetectionRuleEvent;
import dev.vigil.secrets.detect.DetectorCatalogueTest;
import dev.vigil.secrets.detect.Finding;
import dev.vigil.secrets.detect.SecretScanner;
import dev.vigil.testkit.TestTokens;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Secret scans of connected repositories end to end inside the module: a {@code repo.connected}
 * event on Kafka, repo-config's credentials and GitHub's zipball from a local fake, incidents and
 * occurrences through the API, a regression after a resolve, a commit never scanned twice, hostile
 * archives refused, and synced rule files as a source.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(FakeRepoPlatform.class)
class RepositoryScanTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UUID TENANT = UUID.randomUUID();
  private static final SecretScanner ENGINE = SecretScanner.standard();

  @Inject DataSource dataSource;

  /**
   * A GitHub token and an AWS key pair: the detector catalogue's own samples (read at run time, so
   * that this file holds no secret), each in a small config file.
   */
  static final String GITHUB_FILE;

  static final String AWS_FILE;
  static final String RULE_FILE;

  static {
    try {
      Map<String, String> samples = DetectorCatalogueTest.samples();
      GITHUB_FILE = "config:\n  " + samples.get("github_access_token") + "\n";
      AWS_FILE = "config:\n  " + samples.get("aws_iam") + "\n";
      RULE_FILE = "config:\n  " + samples.get("github_oauth_token") + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every secret value the engine sees in the text. */
  static List<String> secretsIn(String text) {
    List<String> values = new ArrayList<>();
    for (Finding finding : ENGINE.scan(text)) {
      finding.matches().forEach(m -> values.add(m.match()));
    }
    return values;
  }

  static String token(String... scopes) {
    return TestTokens.forAudience("secrets-service").tenant(TENANT).member(7).scopes(scopes).sign();
  }

  static byte[] zipball(String sha, Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.setComment(sha);
      zip.putNextEntry(new ZipEntry("octo-app-" + sha.substring(0, 7) + "/"));
      for (var file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  static Map<String, byte[]> leakyFiles(String sha, String extra) {
    String root = "octo-app-" + sha.substring(0, 7) + "/";
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(root + "README.md", ("# app\n" + extra).getBytes(StandardCharsets.UTF_8));
    files.put(root + "deploy/.env", GITHUB_FILE.getBytes(StandardCharsets.UTF_8));
    files.put(root + "config/aws.yml", AWS_FILE.getBytes(StandardCharsets.UTF_8));
    byte[] binary = ("\0\0PNG" + GITHUB_FILE).getBytes(StandardCharsets.UTF_8);
    files.put(root + "assets/logo.png", binary);
    return files;
  }

  static void publish(String topic, CloudEvent<?> event, String key) {
    Properties props = new Properties();
    props.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(topic, key, EventJson.write(event))).get();
    } catch (Exception e) {
      throw new IllegalStateException("could not publish " + event.type(), e);
    }
  }

  static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  static JsonNode json(Response response) {
    try {
      return JSON.readTree(response.asByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode incidents() {
    return json(
        given()
            .auth()
            .oauth2(token("incidents:read"))
            .get("/v1/incidents/secrets?per_page=100&ordering=date"));
  }

  static JsonNode awaitScan(long id, String status) throws InterruptedException {
    return await(
        "scan " + id + " " + status,
        () -> {
          JsonNode scan =
              json(given().auth().oauth2(token("incidents:read")).get("/v1/secret-scans/" + id));
          return status.equals(scan.path("status").asText()) ? scan : null;
        });
  }

  static long requestScan(String repository) {
    Response response =
        given()
            .auth()
            .oauth2(token("incidents:write"))
            .contentType("application/json")
            .body("{\"repository\":\"" + repository + "\"}")
            .post("/v1/secret-scans");
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
    assertThat(response.header("Content-Type")).isEqualTo("application/json");
    return json(response).get("id").asLong();
  }

  @Test
  void aConnectedRepositoryIsScannedAndASecretSeenAgainReopensAsARegression() throws Exception {
    String sha1 = "1".repeat(40);
    Map<String, byte[]> files = leakyFiles(sha1, "");
    List<String> detected = new ArrayList<>();
    for (String text : List.of(GITHUB_FILE, AWS_FILE)) {
      ENGINE.scan(text).forEach(f -> detected.add(f.detector().name()));
    }
    assertThat(detected)
        .as("the engine finds the planted secrets")
        .containsExactlyInAnyOrder("github_access_token", "aws_iam");
    FakeRepoPlatform.ARCHIVES.put("octo/app", zipball(sha1, files));
    FakeRepoPlatform.CONNECTIONS.put("octo/app", "rc_octo_app");

    RepoEvent repo =
        new RepoEvent(
            "rc_octo_app",
            UUID.randomUUID(),
            RepoEvent.Platform.GITHUB,
            "octo/app",
            null,
            "main",
            RepoEvent.Visibility.PRIVATE,
            30,
            List.of());
    CloudEvent<RepoEvent> connected =
        CloudEvent.of(
            EventType.REPO_CONNECTED, EventSources.REPO_CONFIG, "rc_octo_app", TENANT, repo);
    publish(Topics.REPOS, connected, "rc_octo_app");
    publish(Topics.REPOS, connected, "rc_octo_app"); // redelivered: nothing twice

    JsonNode found =
        await(
            "two incidents, their validity checked",
            () -> {
              JsonNode listed = incidents();
              for (JsonNode incident : listed) {
                if (incident.get("validity").asText().equals("unknown")) {
                  return null;
                }
              }
              return listed.size() == 2 ? listed : null;
            });
    JsonNode github = null;
    for (JsonNode incident : found) {
      assertThat(incident.get("occurrences_count").asInt()).isEqualTo(1);
      if (incident.at("/detector/name").asText().startsWith("github")) {
        github = incident;
      }
    }
    assertThat(github).as("a GitHub token incident").isNotNull();
    // Validity: GitHub (the fake) refuses the token; nothing can check an AWS pair here.
    for (JsonNode incident : found) {
      assertThat(incident.get("validity").asText())
          .isEqualTo(incident == github ? "invalid" : "no_checker");
    }
    assertThat(github.get("tags").toString()).contains("SENSITIVE_FILE");
    JsonNode occurrences =
        json(
            given()
                .auth()
                .oauth2(token("incidents:read"))
                .get("/v1/occurrences/secrets?per_page=100"));
    assertThat(occurrences).hasSize(2);
    for (JsonNode occurrence : occurrences) {
      assertThat(occurrence.get("sha").asText()).isEqualTo(sha1);
      assertThat(occurrence.at("/source/full_name").asText()).isEqualTo("octo/app");
      assertThat(occurrence.get("filepath").asText()).isIn("deploy/.env", "config/aws.yml");
    }
    assertThat(scans("completed")).isEqualTo(1);

    // The same commit again: skipped, nothing new.
    long again = requestScan("octo/app");
    assertThat(awaitScan(again, "skipped").get("commit_sha").asText()).isEqualTo(sha1);

    // Resolve the GitHub incident; a new commit still holds the token: it reopens as a regression.
    long githubId = github.get("id").asLong();
    assertThat(
            given()
                .auth()
                .oauth2(token("incidents:write"))
                .contentType("application/json")
                .body("{\"secret_revoked\":false}")
                .post("/v1/incidents/secrets/" + githubId + "/resolve")
                .statusCode())
        .isEqualTo(200);
    String sha2 = "2".repeat(40);
    FakeRepoPlatform.ARCHIVES.put("octo/app", zipball(sha2, leakyFiles(sha2, "v2\n")));
    JsonNode second = awaitScan(requestScan("octo/app"), "completed");
    assertThat(second.get("commit_sha").asText()).isEqualTo(sha2);
    assertThat(second.get("files_skipped").asInt()).isEqualTo(1); // the binary logo
    JsonNode reopened =
        json(
            given()
                .auth()
                .oauth2(token("incidents:read"))
                .get("/v1/incidents/secrets/" + githubId));
    assertThat(reopened.get("status").asText()).isEqualTo("TRIGGERED");
    assertThat(reopened.get("regression").asBoolean()).isTrue();
    assertThat(reopened.get("tags").toString()).contains("REGRESSION");
    assertThat(reopened.get("occurrences_count").asInt()).isEqualTo(2);

    // Neither secret in clear in any table of the service.
    List<String> planted = new ArrayList<>(secretsIn(GITHUB_FILE));
    planted.addAll(secretsIn(AWS_FILE));
    assertThat(planted).hasSize(3);
    for (String secret : planted) {
      assertThat(rowsContaining(secret)).as("rows holding a planted secret").isEmpty();
    }
  }

  @Test
  void hostileArchivesAndUnknownRepositoriesAreRefused() throws Exception {
    String sha = "3".repeat(40);
    Map<String, byte[]> slip = new LinkedHashMap<>();
    slip.put("octo-evil-3333333/../../etc/cron.d/x", "GITHUB_TOKEN=x\n".getBytes());
    FakeRepoPlatform.ARCHIVES.put("octo/evil", zipball(sha, slip));
    FakeRepoPlatform.CONNECTIONS.put("octo/evil", "rc_octo_evil");
    JsonNode failed = awaitScan(requestScan("octo/evil"), "failed");
    assertThat(failed.get("error").asText())
        .isEqualTo("archive rejected: the archive holds an unsafe path");

    Map<String, byte[]> bomb = new LinkedHashMap<>();
    bomb.put("octo-bomb-3333333/zeros.txt", new byte[900 * 1024]);
    FakeRepoPlatform.ARCHIVES.put("octo/bomb", zipball(sha, bomb));
    FakeRepoPlatform.CONNECTIONS.put("octo/bomb", "rc_octo_bomb");
    assertThat(awaitScan(requestScan("octo/bomb"), "failed").get("error").asText())
        .contains("compression ratio");

    Response unknown =
        given()
            .auth()
            .oauth2(token("incidents:write"))
            .contentType("application/json")
            .body("{\"repository\":\"octo/unknown\"}")
            .post("/v1/secret-scans");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).toString()).isEqualTo("{\"detail\":\"Repository not connected.\"}");
    Response bad =
        given()
            .auth()
            .oauth2(token("incidents:write"))
            .contentType("application/json")
            .body("{\"repository\":\"../x\"}")
            .post("/v1/secret-scans");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(
            given()
                .auth()
                .oauth2(token("incidents:read"))
                .contentType("application/json")
                .body("{\"repository\":\"octo/app\"}")
                .post("/v1/secret-scans")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            given()
                .auth()
                .oauth2(
                    TestTokens.forAudience("secrets-service")
                        .tenant(UUID.randomUUID())
                        .scopes("incidents:read")
                        .sign())
                .get("/v1/secret-scans/1")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void aSecretInASyncedRuleFileBecomesADetectionRulesOccurrence() throws Exception {
    UUID tenant = UUID.randomUUID();
    String yaml = RULE_FILE;
    String leaked = secretsIn(yaml).get(0);
    DetectionRuleEvent rule =
        new DetectionRuleEvent(
            UUID.randomUUID(), UUID.randomUUID(), "leaky", "rules/leaky.yml", "a".repeat(64), yaml);
    CloudEvent<DetectionRuleEvent> event =
        CloudEvent.of(
            EventType.DETECTION_RULE_UPSERTED,
            EventSources.SYNC,
            "detection-rules/" + rule.ruleId(),
            tenant,
            rule);
    publish(Topics.SYNC, event, rule.syncSourceId().toString());
    publish(Topics.SYNC, event, rule.syncSourceId().toString());
    String read =
        TestTokens.forAudience("secrets-service").tenant(tenant).scopes("incidents:read").sign();
    JsonNode occurrences =
        await(
            "a detection_rules occurrence",
            () -> {
              JsonNode page =
                  json(given().auth().oauth2(read).get("/v1/occurrences/secrets?per_page=100"));
              return page.size() > 0 ? page : null;
            });
    Thread.sleep(1000); // the redelivered event has had its chance to add a second one
    occurrences = json(given().auth().oauth2(read).get("/v1/occurrences/secrets?per_page=100"));
    assertThat(occurrences).hasSize(1);
    assertThat(occurrences.get(0).at("/source/type").asText()).isEqualTo("detection_rules");
    assertThat(occurrences.get(0).get("filepath").asText()).isEqualTo("rules/leaky.yml");
    assertThat(rowsContaining(leaked)).isEmpty();
  }

  private long scans(String status) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM secret_repository_scan WHERE tenant_id = ? AND status = ?")) {
      ps.setObject(1, TENANT);
      ps.setString(2, status);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Every table of the public schema, as text, searched for the value. */
  private List<String> rowsContaining(String value) throws Exception {
    List<String> hits = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      List<String> tables = new ArrayList<>();
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                      + " AND table_type = 'BASE TABLE'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM \"" + table + "\" t WHERE strpos(t::text, ?) > 0")) {
          ps.setString(1, value);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) > 0) {
              hits.add(table);
            }
          }
        }
      }
    }
    return hits;
  }
}
