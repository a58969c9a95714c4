package dev.vigil.system.faults;

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
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the Kafka broker while 100 SARIF uploads arrive through the gateway, then a restart:
 * every upload completes, and a plain Kafka consumer of {@code vigil.alerts.v1} sees each alert's
 * {@code code-scanning-alert.created} exactly once by event id: one event id per alert, none
 * missing, and a record seen twice (the relay's at-least-once republish) carries the same id.
 *
 * <p>Runs late (before ScanningRestartTest), since it takes Kafka away from the whole suite for a
 * few seconds; the broker is back, with every topic led, before it returns.
 */
@Order(Integer.MAX_VALUE - 1)
class KafkaKillDuringUploadsTest {

  private static final int UPLOADS = 100;
  private static final int KILL_AFTER = 30;
  private static final int RESTART_AFTER = 70;
  private static final int SENDERS = 4;
  private static final int RESULTS_PER_UPLOAD = 1;
  private static final Duration EVENTUAL = Duration.ofSeconds(150);

  @Test
  void everyUploadCompletesAndEveryAlertEventArrivesOnce() throws Exception {
    VigilSystem system = VigilSystem.get();
    assumeTrue(
        TestInfra.kafkaIsControllable(),
        "skipped: Kafka is not the embedded broker process (VIGIL_TEST_KAFKA or a container), so it"
            + " cannot be killed here");
    String token = system.devToken();
    String project = system.devProject();
    String repo = "acme/kafka-kill-" + UUID.randomUUID().toString().substring(0, 8);
    connect(system, token, project, repo);

    try (KafkaConsumer<String, byte[]> consumer = consumerAtEnd()) {
      // Three phases of concurrent uploads: broker up, broker killed, broker back.
      List<String> ids = new ArrayList<>();
      try {
        ids.addAll(uploads(system, token, repo, 1, KILL_AFTER));
        TestInfra.killKafka();
        ids.addAll(uploads(system, token, repo, KILL_AFTER + 1, RESTART_AFTER));
        TestInfra.restartKafka();
        ids.addAll(uploads(system, token, repo, RESTART_AFTER + 1, UPLOADS));
      } finally {
        TestInfra.restartKafka(); // no-op when running; never leave the suite without Kafka
      }
      assertThat(ids).hasSize(UPLOADS).doesNotHaveDuplicates();

      for (String id : ids) {
        awaitComplete(system, token, repo, id);
      }

      // Every created event of this repository; then a quiet period for late ones. The outbox
      // relay publishes at least once: a batch whose ack the dead broker never sent is published
      // again after the restart, under the same event id, which consumers absorb by that id.
      int expected = UPLOADS * RESULTS_PER_UPLOAD;
      Map<String, Long> alertOfEventId = new HashMap<>();
      Map<Long, Set<String>> eventIdsOfAlert = new HashMap<>();
      int records = 0;
      long deadline = System.nanoTime() + EVENTUAL.toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          CloudEvent<JsonNode> event = EventJson.readTree(record.value());
          if (!"code-scanning-alert.created".equals(event.type())
              || !repo.equals(event.data().path("repository").asText())) {
            continue;
          }
          records++;
          long number = event.data().path("alertNumber").asLong();
          Long before = alertOfEventId.putIfAbsent(event.id(), number);
          assertThat(before).as("a repeated event id names the same alert").isIn(null, number);
          eventIdsOfAlert.computeIfAbsent(number, n -> new HashSet<>()).add(event.id());
        }
        if (alertOfEventId.size() >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        }
      }
      System.out.printf(
          "kafka-kill: %d created records, %d distinct event ids, %d alerts%n",
          records, alertOfEventId.size(), eventIdsOfAlert.size());
      assertThat(alertOfEventId).as("distinct created events").hasSize(expected);
      assertThat(eventIdsOfAlert).as("alerts with a created event").hasSize(expected);
      assertThat(eventIdsOfAlert.values())
          .as("each alert created once (one event id)")
          .allSatisfy(eventIds -> assertThat(eventIds).hasSize(1));
      Set<Long> numbers = new TreeSet<>(eventIdsOfAlert.keySet());
      assertThat(numbers).first().isEqualTo(1L);
      assertThat(numbers).last().isEqualTo((long) expected);

      // The API agrees: exactly the alerts the uploads hold.
      Response alerts =
          given()
              .header("Authorization", "token " + token)
              .queryParam("per_page", 100)
              .get(system.gatewayUrl() + "/repos/" + repo + "/code-scanning/alerts");
      assertThat(alerts.statusCode()).as(alerts.asString()).isEqualTo(200);
      assertThat(alerts.jsonPath().getList("number")).hasSize(expected).doesNotHaveDuplicates();
    }
  }

  /** Uploads {@code from..to} (inclusive) from {@value #SENDERS} threads; their SARIF ids. */
  private static List<String> uploads(
      VigilSystem system, String token, String repo, int from, int to) throws Exception {
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try {
      List<Future<String>> sent = new ArrayList<>();
      for (int i = from; i <= to; i++) {
        int n = i;
        sent.add(senders.submit(() -> upload(system, token, repo, n)));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> id : sent) {
        ids.add(id.get(2, TimeUnit.MINUTES));
      }
      return ids;
    } finally {
      senders.shutdownNow();
    }
  }

  private static String upload(VigilSystem system, String token, String repo, int i) {
    String tool = "FaultTool" + i;
    String sarif =
        SarifSamples.sarif(
            tool,
            null,
            List.of(SarifSamples.rule(tool + "/rule", "error", "8.0")),
            SarifSamples.results(tool + "/rule", "fault" + i + "-", RESULTS_PER_UPLOAD));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("commit_sha", "0123456789abcdef0123456789abcdef01234567");
    body.put("ref", "refs/heads/main");
    body.put("sarif", SarifSamples.encode(sarif));
    Response accepted =
        given()
            .header("Authorization", "token " + token)
            .contentType(ContentType.JSON)
            .body(body)
            .post(system.gatewayUrl() + "/repos/" + repo + "/code-scanning/sarifs");
    assertThat(accepted.statusCode()).as("upload %d: %s", i, accepted.asString()).isEqualTo(202);
    return accepted.jsonPath().getString("id");
  }

  private static void awaitComplete(VigilSystem system, String token, String repo, String id)
      throws InterruptedException {
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    String status = null;
    while (System.nanoTime() < deadline) {
      Response r =
          given()
              .header("Authorization", "token " + token)
              .get(system.gatewayUrl() + "/repos/" + repo + "/code-scanning/sarifs/" + id);
      status = r.statusCode() == 200 ? r.jsonPath().getString("processing_status") : null;
      if ("complete".equals(status) || "failed".equals(status)) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(status).as("upload %s", id).isEqualTo("complete");
  }

  /** Connects the repository through repo-config and waits until scanning learned it. */
  static void connect(VigilSystem system, String token, String project, String repo)
      throws InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("platform", "github");
    body.put(
        "credentials", Map.of("token", "ghp_" + UUID.randomUUID().toString().replace("-", "")));
    body.put("repositories", List.of(repo));
    Response created =
        given()
            .auth()
            .oauth2(token)
            .header("X-Project-Id", project)
            .contentType(ContentType.JSON)
            .body(body)
            .post(system.gatewayUrl() + "/v1/config/repos");
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    while (System.nanoTime() < deadline) {
      if (given()
              .header("Authorization", "token " + token)
              .get(system.gatewayUrl() + "/repos/" + repo + "/code-scanning/analyses")
              .statusCode()
          == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("scanning never learned " + repo);
  }

  /** A plain consumer of every partition of vigil.alerts.v1, positioned at the current end. */
  private static KafkaConsumer<String, byte[]> consumerAtEnd() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.ALERTS, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end now, before any upload
    return consumer;
  }
}
