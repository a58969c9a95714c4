package dev.vigil.system.secrets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.contracts.events.Topics;
import dev.vigil.system.ServiceNames;
import dev.vigil.system.VigilSystem;
import dev.vigil.testkit.TestInfra;
import dev.vigil.testkit.contract.GitGuardianContract;
import dev.vigil.testkit.secrets.GitHubTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secret incidents end to end through the gateway: a repository connected through repo-config (its
 * GitHub a fake serving a real zipball with a leaked GitHub token and an AWS key pair),
 * secrets-service scanning its archive with the connection's credentials, the incidents and their
 * occurrences through GitGuardian's API, a resolve, a new commit with the same token reopening it
 * as a regression, each event exactly once on Kafka, and neither secret in clear in any table of
 * any service's database or in any service's log.
 */
class IncidentsThroughGatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EVENTUALLY = Duration.ofSeconds(120);

  private static VigilSystem system;
  private static String gateway;
  private static String token;
  private static String project;
  private static String repo;
  private static FakeGitHubArchives github;
  private static String platformToken;

  /** The leaked values, as the scan test of the same package plants them. */
  private static final List<String> SECRETS = new ArrayList<>();

  @BeforeAll
  static void tenantWithAConnectedRepository() throws Exception {
    system = VigilSystem.get();
    gateway = system.gatewayUrl();
    String[] tenant = newTenant();
    token = tenant[0];
    project = tenant[1];
    Matcher secrets =
        Pattern.compile("(ghp_\\w+)|(AKIA\\w+)|= (\\w{40})")
            .matcher(PyGitGuardianScanThroughGatewayTest.LEAK);
    while (secrets.find()) {
      for (int g = 1; g <= 3; g++) {
        if (secrets.group(g) != null) {
          SECRETS.add(secrets.group(g));
        }
      }
    }
    assertThat(SECRETS).hasSize(3);
    repo = "acme/leaky-" + UUID.randomUUID().toString().substring(0, 8);
    platformToken = "ghp_conn" + UUID.randomUUID().toString().replace("-", "");
    github = new FakeGitHubArchives(system.githubApiPort(), platformToken);
    github.serve(repo, zipball("1".repeat(40)));
  }

  /** A new tenant's owner token and its new project's id. */
  static String[] newTenant() {
    String slug = "inc-" + UUID.randomUUID().toString().substring(0, 8);
    Response tenant =
        given()
            .auth()
            .oauth2(system.operatorToken())
            .contentType(ContentType.JSON)
            .body(Map.of("slug", slug, "plan", "enterprise", "owner_email", "o@" + slug + ".test"))
            .post(gateway + "/vigil/v1/tenants");
    assertThat(tenant.statusCode()).isEqualTo(201);
    String owner = tenant.jsonPath().getString("token.token");
    String projectId =
        given()
            .auth()
            .oauth2(owner)
            .contentType(ContentType.JSON)
            .body(Map.of("name", "apps"))
            .post(gateway + "/vigil/v1/projects")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    return new String[] {owner, projectId};
  }

  /**
   * A few hundred incidents of one repository, listed through the gateway: every cursor page of
   * both orderings, rel=prev back from the end, and the tag and status filters.
   */
  @Test
  void aFewHundredIncidentsPageAndFilterThroughTheGateway() throws Exception {
    String[] tenant = newTenant();
    String owner = tenant[0];
    String many = "acme/many-" + UUID.randomUUID().toString().substring(0, 8);
    int count = 240;
    java.util.Random random = new java.util.Random(13);
    String sha = "3".repeat(40);
    String root = many.replace('/', '-') + "-3333333/";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.setComment(sha);
      for (int i = 0; i < count; i++) {
        String path = i % 4 == 0 ? "tests/fixture_" + i + ".py" : "src/mod_" + i + ".py";
        zip.putNextEntry(new ZipEntry(root + path));
        zip.write(
            ("GITHUB_TOKEN = \"" + GitHubTokens.personalAccessToken(random) + "\"\n").getBytes());
      }
    }
    github.serve(many, bytes.toByteArray());
    given()
        .auth()
        .oauth2(owner)
        .header("X-Project-Id", tenant[1])
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "platform", "github",
                "credentials", Map.of("token", platformToken),
                "repositories", List.of(many)))
        .post(gateway + "/v1/config/repos")
        .then()
        .statusCode(201);
    eventually(
        count + " incidents", () -> walk(owner, "", 100).size() == count ? Boolean.TRUE : null);

    List<Long> ascending = walk(owner, "&ordering=date", 37);
    assertThat(ascending).hasSize(count).doesNotHaveDuplicates().isSorted();
    List<Long> descending = walk(owner, "&ordering=-date", 50);
    assertThat(descending).containsExactlyElementsOf(ascending.reversed());
    assertThat(walk(owner, "&tags=TEST_FILE", 100)).hasSize(count / 4);
    assertThat(walk(owner, "&tags=NONE", 100)).hasSize(count - count / 4);

    // rel=prev from the last page leads back to the first.
    Response last = page(owner, gateway + "/v1/incidents/secrets?per_page=100&ordering=-date");
    String next;
    while ((next = links(last.header("Link")).get("next")) != null) {
      last = page(owner, next);
    }
    List<Long> back = ids(last);
    String prev = links(last.header("Link")).get("prev");
    while (prev != null) {
      Response previous = page(owner, prev);
      back.addAll(0, ids(previous));
      prev = links(previous.header("Link")).get("prev");
    }
    assertThat(back).containsExactlyElementsOf(descending);

    long resolvedId = ascending.get(10);
    given()
        .auth()
        .oauth2(owner)
        .contentType(ContentType.JSON)
        .body("{\"secret_revoked\":false}")
        .post(gateway + "/v1/incidents/secrets/" + resolvedId + "/resolve")
        .then()
        .statusCode(200);
    assertThat(walk(owner, "&status=RESOLVED", 100)).containsExactly(resolvedId);
    assertThat(walk(owner, "&status=TRIGGERED", 100)).hasSize(count - 1);
    // Another tenant sees none of them.
    assertThat(
            given()
                .auth()
                .oauth2(token)
                .get(gateway + "/v1/incidents/secrets/" + resolvedId)
                .statusCode())
        .isEqualTo(404);
  }

  private static final Pattern LINK = Pattern.compile("<([^>]+)>; rel=\"(next|prev)\"");

  static Map<String, String> links(String header) {
    Map<String, String> links = new HashMap<>();
    if (header != null) {
      Matcher m = LINK.matcher(header);
      while (m.find()) {
        links.put(m.group(2), m.group(1));
      }
    }
    return links;
  }

  static Response page(String owner, String url) {
    Response response = given().auth().oauth2(owner).urlEncodingEnabled(false).get(url);
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    assertThat(response.header("Content-Type")).isEqualTo("application/json");
    try {
      GitGuardianContract.get().check("get", "/v1/incidents/secrets", 200, json(response));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return response;
  }

  static List<Long> ids(Response response) {
    try {
      List<Long> ids = new ArrayList<>();
      json(response).forEach(i -> ids.add(i.get("id").asLong()));
      return ids;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every id of a listing, following rel=next from the first page. */
  static List<Long> walk(String owner, String query, int perPage) {
    List<Long> all = new ArrayList<>();
    String url = gateway + "/v1/incidents/secrets?per_page=" + perPage + query;
    for (int pages = 0; url != null && pages < 100; pages++) {
      Response response = page(owner, url);
      all.addAll(ids(response));
      url = links(response.header("Link")).get("next");
    }
    return all;
  }

  @AfterAll
  static void stopGitHub() {
    if (github != null) {
      github.close();
    }
  }

  /** The repository at a commit: the leaks in a settings file, plus an innocent README. */
  static byte[] zipball(String sha) throws Exception {
    String root = repo.replace('/', '-') + "-" + sha.substring(0, 7) + "/";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.setComment(sha);
      zip.putNextEntry(new ZipEntry(root));
      zip.putNextEntry(new ZipEntry(root + "README.md"));
      zip.write(("# leaky " + sha + "\n").getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry(root + "app/settings.py"));
      zip.write(PyGitGuardianScanThroughGatewayTest.LEAK.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  static RequestSpecification api() {
    return given().auth().oauth2(token);
  }

  static JsonNode json(Response response) throws Exception {
    return JSON.readTree(response.asByteArray());
  }

  static <T> T eventually(String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + EVENTUALLY.toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("timed out: " + what);
  }

  static JsonNode incidents() {
    try {
      return json(api().get(gateway + "/v1/incidents/secrets?per_page=100"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aConnectedRepositorysLeaksBecomeIncidentsThatReopenAsRegressions() throws Exception {
    api()
        .header("X-Project-Id", project)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "platform", "github",
                "credentials", Map.of("token", platformToken),
                "repositories", List.of(repo)))
        .post(gateway + "/v1/config/repos")
        .then()
        .statusCode(201);

    JsonNode found =
        eventually("two incidents", () -> incidents().size() == 2 ? incidents() : null);
    long githubId = 0;
    List<Long> ids = new ArrayList<>();
    for (JsonNode incident : found) {
      ids.add(incident.get("id").asLong());
      assertThat(incident.get("status").asText()).isEqualTo("TRIGGERED");
      assertThat(incident.get("occurrences_count").asInt()).isEqualTo(1);
      if (incident.at("/detector/name").asText().startsWith("github")) {
        githubId = incident.get("id").asLong();
      }
    }
    assertThat(githubId).as("the GitHub token's incident").isPositive();
    Response one = api().get(gateway + "/v1/incidents/secrets/" + githubId + "?with_occurrences=5");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.header("Content-Type")).isEqualTo("application/json");
    GitGuardianContract.get().check("get", "/v1/incidents/secrets/{incident_id}", 200, json(one));
    JsonNode occurrence = json(one).get("occurrences").get(0);
    assertThat(occurrence.get("filepath").asText()).isEqualTo("app/settings.py");
    assertThat(occurrence.get("sha").asText()).isEqualTo("1".repeat(40));
    assertThat(occurrence.at("/source/full_name").asText()).isEqualTo(repo);

    Response resolved =
        api()
            .contentType(ContentType.JSON)
            .body("{\"secret_revoked\":true}")
            .post(gateway + "/v1/incidents/secrets/" + githubId + "/resolve");
    assertThat(resolved.statusCode()).isEqualTo(200);
    assertThat(json(resolved).get("status").asText()).isEqualTo("RESOLVED");
    GitGuardianContract.get()
        .check("post", "/v1/incidents/secrets/{incident_id}/resolve", 200, json(resolved));

    // A new commit still holds the token: scanning it reopens the incident as a regression.
    String sha2 = "2".repeat(40);
    github.serve(repo, zipball(sha2));
    Response queued =
        api()
            .contentType(ContentType.JSON)
            .body(Map.of("repository", repo))
            .post(gateway + "/v1/secret-scans");
    assertThat(queued.statusCode()).as(queued.asString()).isEqualTo(202);
    long scanId = json(queued).get("id").asLong();
    JsonNode scan =
        eventually(
            "the second scan completes",
            () -> {
              try {
                JsonNode s = json(api().get(gateway + "/v1/secret-scans/" + scanId));
                return "completed".equals(s.path("status").asText()) ? s : null;
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(scan.get("commit_sha").asText()).isEqualTo(sha2);
    JsonNode reopened = json(api().get(gateway + "/v1/incidents/secrets/" + githubId));
    assertThat(reopened.get("status").asText()).isEqualTo("TRIGGERED");
    assertThat(reopened.get("regression").asBoolean()).isTrue();
    GitGuardianContract.get().check("get", "/v1/incidents/secrets/{incident_id}", 200, reopened);
    assertThat(reopened.get("tags").toString()).contains("REGRESSION");

    // Each change once on vigil.alerts.v1: two triggered, one resolved, one reopened.
    Map<String, Integer> expected = new HashMap<>();
    for (long id : ids) {
      expected.put("secret-incident.triggered secret-incidents/" + id, 1);
    }
    expected.put("secret-incident.resolved secret-incidents/" + githubId, 1);
    expected.put("secret-incident.reopened secret-incidents/" + githubId, 1);
    Map<String, Integer> seen =
        eventually(
            "the incident events",
            () -> {
              Map<String, Integer> counts = alertEvents(ids);
              return counts.keySet().containsAll(expected.keySet()) ? counts : null;
            });
    Thread.sleep(2000); // a duplicate would have had its chance to arrive
    assertThat(alertEvents(ids)).isEqualTo(expected);
    assertThat(seen.keySet()).isEqualTo(expected.keySet());

    // Neither secret in clear in any database or log of the suite.
    for (String name : ServiceNames.ALL) {
      assertThat(tablesHolding(name)).as(name + " tables holding a leaked secret").isEmpty();
      String log = Files.readString(system.service(name).log());
      for (String secret : SECRETS) {
        assertThat(log.contains(secret)).as(name + " log holds a leaked secret").isFalse();
      }
    }
  }

  /** Incident events of these incidents on vigil.alerts.v1, counted by type and subject. */
  private static Map<String, Integer> alertEvents(List<Long> ids) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "incidents-system-test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Map<String, Integer> counts = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(Topics.ALERTS));
      int emptyPolls = 0;
      while (emptyPolls < 3) {
        var records = consumer.poll(Duration.ofSeconds(1));
        if (records.isEmpty() && !consumer.assignment().isEmpty()) {
          emptyPolls++;
        }
        for (ConsumerRecord<String, byte[]> record : records) {
          try {
            JsonNode event = JSON.readTree(record.value());
            String subject = event.path("subject").asText();
            String type = event.path("type").asText();
            for (String secret : SECRETS) {
              assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(secret);
            }
            if (type.startsWith("secret-incident.")
                && ids.stream().anyMatch(id -> subject.equals("secret-incidents/" + id))) {
              counts.merge(type + " " + subject, 1, Integer::sum);
            }
          } catch (java.io.IOException e) {
            // not a JSON event: not ours
          }
        }
      }
    }
    return counts;
  }

  /** Tables of the service's database whose rows, as text, hold a leaked secret. */
  private static List<String> tablesHolding(String service) throws Exception {
    Map<String, String> settings = system.settings(service);
    List<String> hits = new ArrayList<>();
    try (Connection c =
        DriverManager.getConnection(
            settings.get("quarkus.datasource.jdbc.url"),
            settings.get("quarkus.datasource.username"),
            settings.get("quarkus.datasource.password"))) {
      List<String> tables = new ArrayList<>();
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                      + " WHERE table_type = 'BASE TABLE'"
                      + " AND table_schema NOT IN ('pg_catalog', 'information_schema')");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        for (String secret : SECRETS) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*) FROM " + table + " t WHERE strpos(t::text, ?) > 0")) {
            ps.setString(1, secret);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              if (rs.getLong(1) > 0) {
                hits.add(table);
              }
            }
          }
        }
      }
    }
    return hits;
  }
}
