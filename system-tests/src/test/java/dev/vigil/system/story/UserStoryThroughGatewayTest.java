package dev.vigil.system.story;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.Topics;
import dev.vigil.system.VigilSystem;
import dev.vigil.testkit.TestInfra;
import dev.vigil.testkit.sarif.SarifSamples;
import dev.vigil.testkit.secrets.GitHubTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * A user's whole story, through the gateway only, with a plain Kafka consumer watching the public
 * topics: an operator bootstraps a tenant and its owner token; the owner connects a GitHub
 * repository (repo-config), uploads a SARIF (scanning), lists the alerts and dismisses one; the
 * matching events arrive on {@code vigil.alerts.v1}; a detection-rules zip with a leaked token in
 * it is uploaded (sync) and its sync events arrive on {@code vigil.sync.v1}; secrets-service finds
 * the token in the synced rule and opens a secret incident (GitGuardian's API, and {@code
 * secret-incident.triggered} on {@code vigil.alerts.v1}); a push-protection check blocks a push of
 * the same token; the owner revokes the token, and every route the story used answers 401.
 *
 * <p>Each step is one method.
 */
class UserStoryThroughGatewayTest {

  private static final Path RULES =
      Path.of(System.getProperty("vigil.conformance.scanner", "/work/shared/conformance/scanner"))
          .resolve("rules");
  private static final Duration EVENTUAL = Duration.ofSeconds(120);
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  private static final String RULE_PATH = "rules/unusual-client.yml";

  /** A request the story made, replayed with the revoked token at the end. */
  private record Call(String method, String path, String scheme) {}

  private final VigilSystem system = VigilSystem.get();
  private final String gateway = system.gatewayUrl();
  // Polling repeats requests; each distinct one is replayed once after the revocation.
  private final Set<Call> calls = new LinkedHashSet<>();
  private final List<CloudEvent<JsonNode>> seen = new ArrayList<>();
  private String tenantId;
  private String token;
  private String project;
  private String repo;
  private final String leakedToken = GitHubTokens.personalAccessToken(new Random());

  @Test
  void aUsersStoryAcrossTheServices() throws Exception {
    Path rule = RULES.resolve("01_1password_unusual_client.yml");
    assumeTrue(Files.isRegularFile(rule), "Scanner conformance rules not found at " + RULES);
    try (KafkaConsumer<String, byte[]> events = consumerAtEnd(Topics.ALERTS, Topics.SYNC)) {
      bootstrapTenant();
      connectRepository();
      int[] alerts = uploadSarifAndDismissOne();
      awaitEvent(events, "code-scanning-alert.created #" + alerts[0], alertEvent("created", 1));
      awaitEvent(events, "code-scanning-alert.created #" + alerts[1], alertEvent("created", 2));
      awaitEvent(events, "code-scanning-alert.dismissed #1", alertEvent("dismissed", 1));
      String source = syncDetectionRules(Files.readString(rule));
      awaitEvent(
          events,
          "sync.attempt.succeeded",
          e ->
              e.type().equals("sync.attempt.succeeded")
                  && e.data().path("syncSourceId").asText().equals(source)
                  && e.data().path("rulesUpserted").asInt() == 1);
      awaitEvent(
          events,
          "detection-rule.upserted",
          e ->
              e.type().equals("detection-rule.upserted")
                  && e.data().path("syncSourceId").asText().equals(source)
                  && e.data().path("path").asText().equals(RULE_PATH));
      long incident = secretIncidentForTheLeak();
      awaitEvent(
          events,
          "secret-incident.triggered #" + incident,
          e ->
              e.type().equals("secret-incident.triggered")
                  && tenantId.equals(e.tenantid())
                  && e.data().path("incidentId").asLong() == incident);
      pushProtectionBlocksThePush();
      revokeTheToken();
    }
  }

  /** The operator makes a tenant; its owner token comes back once; the owner makes a project. */
  private void bootstrapTenant() {
    String slug = "story-" + UUID.randomUUID().toString().substring(0, 8);
    Response created =
        given()
            .auth()
            .oauth2(system.operatorToken())
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "slug", slug, "plan", "enterprise", "owner_email", "owner@" + slug + ".test"))
            .post(gateway + "/vigil/v1/tenants");
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    tenantId = created.jsonPath().getString("tenant.id");
    token = created.jsonPath().getString("token.token");
    Response self = call("GET", "/v1/api_tokens/self", "Token", null);
    assertThat(self.statusCode()).as(self.asString()).isEqualTo(200);
    Response projectCreated = call("POST", "/vigil/v1/projects", "Bearer", Map.of("name", "web"));
    assertThat(projectCreated.statusCode()).as(projectCreated.asString()).isEqualTo(201);
    project = projectCreated.jsonPath().getString("id");
  }

  /** SigSentry's repo-config API connects the repository; scanning learns it from Kafka. */
  private void connectRepository() throws InterruptedException {
    repo = "acme/story-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("platform", "github");
    body.put(
        "credentials", Map.of("token", "ghp_" + UUID.randomUUID().toString().replace("-", "")));
    body.put("repositories", List.of(repo));
    Response created = call("POST", "/v1/config/repos", "Bearer", body);
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    String connection = created.jsonPath().getString("data.id");
    Response listed = call("GET", "/v1/config/repos", "Bearer", null);
    assertThat(listed.statusCode()).as(listed.asString()).isEqualTo(200);
    assertThat(listed.jsonPath().getList("data.id", String.class)).contains(connection);
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    while (call("GET", codeScanning("/analyses"), "token", null).statusCode() != 200) {
      assertThat(System.nanoTime()).as("scanning learned " + repo).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** GitHub's code-scanning API: a SARIF with two results, processed; alert 1 dismissed. */
  private int[] uploadSarifAndDismissOne() throws InterruptedException {
    String sarif =
        SarifSamples.sarif(
            "StoryScanner",
            null,
            List.of(SarifSamples.rule("story/injection", "error", "9.1")),
            SarifSamples.results("story/injection", "story-", 2));
    Map<String, Object> upload = new LinkedHashMap<>();
    upload.put("commit_sha", SHA);
    upload.put("ref", "refs/heads/main");
    upload.put("sarif", SarifSamples.encode(sarif));
    Response accepted = call("POST", codeScanning("/sarifs"), "token", upload);
    assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
    String id = accepted.jsonPath().getString("id");
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    String status;
    do {
      assertThat(System.nanoTime()).as("upload " + id + " processed").isLessThan(deadline);
      Thread.sleep(200);
      Response r = call("GET", codeScanning("/sarifs/" + id), "token", null);
      status = r.statusCode() == 200 ? r.jsonPath().getString("processing_status") : null;
    } while (status == null || status.equals("pending"));
    assertThat(status).isEqualTo("complete");

    Response alerts = call("GET", codeScanning("/alerts"), "token", null);
    assertThat(alerts.statusCode()).as(alerts.asString()).isEqualTo(200);
    List<Integer> numbers = alerts.jsonPath().getList("number", Integer.class);
    assertThat(numbers).containsExactlyInAnyOrder(1, 2);
    assertThat(alerts.jsonPath().getList("state", String.class)).containsOnly("open");

    Response dismissed =
        call(
            "PATCH",
            codeScanning("/alerts/1"),
            "token",
            Map.of("state", "dismissed", "dismissed_reason", "false positive"));
    assertThat(dismissed.statusCode()).as(dismissed.asString()).isEqualTo(200);
    assertThat(dismissed.jsonPath().getString("state")).isEqualTo("dismissed");
    Response open = call("GET", codeScanning("/alerts?state=open"), "token", null);
    assertThat(open.jsonPath().getList("number", Integer.class)).containsExactly(2);
    return new int[] {1, 2};
  }

  /**
   * Scanner's detection-rules-as-code API: a push source, then a zipball with one rule and a file
   * holding a leaked GitHub token; the rule is synced.
   */
  private String syncDetectionRules(String ruleYaml) throws Exception {
    String pushKey = "story-" + UUID.randomUUID();
    Response created =
        call(
            "POST",
            "/v1/sync_sources",
            "Bearer",
            Map.of("kind", "push", "push_key", pushKey, "branch", "main"));
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    String source = created.jsonPath().getString("sync_source.id");
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "sync-config.yaml",
        "event_sink_keys:\n"
            + "  low_severity_alerts: [{sink_id: 22222222-2222-2222-2222-222222222222}]\n"
            + "  medium_severity_alerts: [{sink_id: 33333333-3333-3333-3333-333333333333}]\n"
            + "  high_severity_alerts: [{sink_id: 44444444-4444-4444-4444-444444444444}]\n");
    // Someone pasted a working token into the rule while testing it: secrets-service finds it.
    files.put(RULE_PATH, ruleYaml + "\n# curl -H 'Authorization: token " + leakedToken + "'\n");
    Response synced =
        given()
            .header("Authorization", "Bearer " + token)
            .multiPart("push_key", pushKey)
            .multiPart("branch", "main")
            .multiPart("commit_sha", SHA)
            .multiPart("commit_message", "Add rules")
            .multiPart("zip", "repo.zip", zipball(files), "application/zip")
            .post(gateway + "/v1/upload_git_repo_zipball");
    calls.add(new Call("POST", "/v1/upload_git_repo_zipball", "Bearer"));
    assertThat(synced.statusCode()).as(synced.asString()).isEqualTo(200);
    assertThat(synced.jsonPath().getInt("detection_rules_synced"))
        .as(synced.asString())
        .isEqualTo(1);
    Response rules = call("GET", "/v1/sync_sources/" + source + "/detection_rules", "Bearer", null);
    assertThat(rules.statusCode()).as(rules.asString()).isEqualTo(200);
    assertThat(rules.jsonPath().getList("data.detection_rules.file_path", String.class))
        .containsExactly(RULE_PATH);
    return source;
  }

  /**
   * GitGuardian's incidents API: the token leaked in the synced rule becomes one incident whose
   * occurrence points at the rule file, with source {@code detection_rules}. Neither the list nor
   * the incident carries the token itself.
   */
  private long secretIncidentForTheLeak() throws InterruptedException {
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    while (true) {
      Response listed = call("GET", "/v1/incidents/secrets?per_page=100", "Token", null);
      assertThat(listed.statusCode()).as(listed.asString()).isEqualTo(200);
      assertThat(listed.asString()).doesNotContain(leakedToken);
      // The connected repository's own scan may open incidents too: find the rule file's.
      for (Long id : listed.jsonPath().getList("id", Long.class)) {
        Response one =
            call("GET", "/v1/incidents/secrets/" + id + "?with_occurrences=5", "Token", null);
        assertThat(one.statusCode()).as(one.asString()).isEqualTo(200);
        if (one.jsonPath().getList("occurrences.filepath", String.class).contains(RULE_PATH)) {
          assertThat(one.jsonPath().getString("detector.detector_group_name"))
              .isEqualTo("github_access_token");
          assertThat(one.jsonPath().getString("status")).isEqualTo("TRIGGERED");
          assertThat(one.jsonPath().getList("occurrences.source.type", String.class))
              .containsExactly("detection_rules");
          assertThat(one.asString()).doesNotContain(leakedToken);
          return id;
        }
      }
      assertThat(System.nanoTime()).as("an incident for the leaked token").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** Push protection: a push with the same token into the connected repository is blocked. */
  private void pushProtectionBlocksThePush() {
    Map<String, Object> file = Map.of("path", "config/app.env", "content", "TOKEN=" + leakedToken);
    Map<String, Object> commit = Map.of("sha", SHA, "files", List.of(file));
    Map<String, Object> push =
        Map.of("repository", repo, "ref", "refs/heads/main", "commits", List.of(commit));
    Response checked = call("POST", "/v1/push-protection/check", "Token", push);
    assertThat(checked.statusCode()).as(checked.asString()).isEqualTo(200);
    assertThat(checked.jsonPath().getBoolean("allowed")).as(checked.asString()).isFalse();
    assertThat(checked.jsonPath().getList("blocked.locations.flatten().path", String.class))
        .containsExactly("config/app.env");
    assertThat(checked.asString()).doesNotContain(leakedToken);

    Map<String, Object> clean = Map.of("path", "README.md", "content", "# story\n");
    Response allowed =
        call(
            "POST",
            "/v1/push-protection/check",
            "Token",
            Map.of(
                "repository",
                repo,
                "commits",
                List.of(Map.of("sha", SHA, "files", List.of(clean)))));
    assertThat(allowed.statusCode()).as(allowed.asString()).isEqualTo(200);
    assertThat(allowed.jsonPath().getBoolean("allowed")).as(allowed.asString()).isTrue();
  }

  /** The owner revokes the token; every route the story used now answers 401. */
  private void revokeTheToken() {
    Response revoked =
        given().header("Authorization", "Token " + token).delete(gateway + "/v1/api_tokens/self");
    assertThat(revoked.statusCode()).as(revoked.asString()).isEqualTo(204);
    calls.add(new Call("DELETE", "/v1/api_tokens/self", "Token"));
    Set<String> refused = new LinkedHashSet<>();
    for (Call call : calls) {
      Response r =
          given()
              .header("Authorization", call.scheme() + " " + token)
              .header("X-Project-Id", project)
              .request(call.method(), gateway + call.path());
      assertThat(r.statusCode())
          .as("%s %s with the revoked token: %s", call.method(), call.path(), r.asString())
          .isEqualTo(401);
      // In the family's own error shape: a body that says why, never an empty answer.
      assertThat(r.asString()).as("%s %s: 401 body", call.method(), call.path()).isNotBlank();
      refused.add(call.method() + " " + call.path());
    }
    assertThat(refused).hasSizeGreaterThanOrEqualTo(12);
  }

  /** One request of the story with the owner token, recorded for the replay after revocation. */
  private Response call(String method, String path, String scheme, Object body) {
    var request = given().header("Authorization", scheme + " " + token);
    if (path.startsWith("/v1/config/")) {
      request = request.header("X-Project-Id", project); // SigSentry's project scoping
    }
    if (body != null) {
      request = request.contentType(ContentType.JSON).body(body);
    }
    calls.add(new Call(method, path, scheme));
    return request.request(method, gateway + path);
  }

  private String codeScanning(String rest) {
    return "/repos/" + repo + "/code-scanning" + rest;
  }

  private Predicate<CloudEvent<JsonNode>> alertEvent(String action, int number) {
    return e ->
        e.type().equals("code-scanning-alert." + action)
            && tenantId.equals(e.tenantid())
            && e.data().path("repository").asText().equals(repo)
            && e.data().path("alertNumber").asInt() == number;
  }

  /** Polls the consumer until an event matches (events seen earlier count too). */
  private void awaitEvent(
      KafkaConsumer<String, byte[]> consumer, String what, Predicate<CloudEvent<JsonNode>> match) {
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    while (seen.stream().noneMatch(match)) {
      assertThat(System.nanoTime()).as(what + " on Kafka").isLessThan(deadline);
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        seen.add(EventJson.readTree(record.value()));
      }
    }
  }

  /** A plain consumer of every partition of the topics, positioned at their current ends. */
  private static KafkaConsumer<String, byte[]> consumerAtEnd(String... topics) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .forEach(partitions::add);
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the ends now, before the story starts
    return consumer;
  }

  /** A GitHub-style zipball: one top-level folder. */
  private static byte[] zipball(Map<String, String> files) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      String top = "acme-story-0123456/";
      zip.putNextEntry(new ZipEntry(top));
      for (Map.Entry<String, String> file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(top + file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }
}
