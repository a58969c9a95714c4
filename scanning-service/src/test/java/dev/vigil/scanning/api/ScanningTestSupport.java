package dev.vigil.scanning.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventSources;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.Topics;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.testkit.TestTokens;
import dev.vigil.testkit.sarif.SarifSamples;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the scanning tests share: tokens as the gateway mints them, repositories made known the way
 * production does (a {@code repo.connected} event on Kafka), SARIF encoding, uploads that are
 * awaited to completion, and a reader of the events the service publishes.
 */
public final class ScanningTestSupport {

  /**
   * How many alert events of a type (e.g. {@code code-scanning-alert.created}) a tenant's uploads
   * appended to the outbox: the alerts of its batch rows ({@code AlertEventBatches}); two
   * parameters, the type and the tenant id. The tenant's rows are picked as text first: other
   * tests' rows may hold JSON that jsonb refuses (an escaped NUL).
   */
  public static final String ALERT_EVENTS_IN_OUTBOX =
      "WITH mine AS MATERIALIZED (SELECT payload FROM outbox_event"
          + " WHERE event_type = 'code-scanning-alert+batch'"
          + " AND strpos(payload, '\"type\":\"' || ? || '\"') > 0"
          + " AND strpos(payload, '\"tenantId\":\"' || ? || '\"') > 0)"
          + " SELECT coalesce(sum(jsonb_array_length(payload::jsonb->'alerts')), 0) FROM mine";

  public static final String BASE = "/repos/{owner}/{repo}/code-scanning";
  public static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  public static final String SHA2 = "89abcdef0123456789abcdef0123456789abcdef";

  private ScanningTestSupport() {}

  /** A tenant with a member token carrying {@code security_events}. */
  public record Tenant(UUID id, long member, String token, String readToken) {

    public static Tenant create() {
      UUID id = UUID.randomUUID();
      long member = 7;
      return new Tenant(
          id,
          member,
          TestTokens.forAudience("scanning-service")
              .tenant(id)
              .member(member)
              .scopes("security_events", "security_events:read")
              .sign(),
          TestTokens.forAudience("scanning-service")
              .tenant(id)
              .member(member)
              .scopes("security_events:read")
              .sign());
    }
  }

  public static String bootstrapServers() {
    return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
  }

  // --- repositories --------------------------------------------------------------------------

  /** Publishes repo.connected and waits until the service knows the repository. */
  public static String connect(Tenant tenant, String fullName, String defaultBranch) {
    return connect(tenant, fullName, defaultBranch, List.of());
  }

  public static String connect(
      Tenant tenant,
      String fullName,
      String defaultBranch,
      List<RepoEvent.ServiceMapping> mappings) {
    String connectionId = "rc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    publish(
        EventType.REPO_CONNECTED,
        tenant.id(),
        new RepoEvent(
            connectionId,
            UUID.randomUUID(),
            RepoEvent.Platform.GITHUB,
            fullName,
            null,
            defaultBranch,
            RepoEvent.Visibility.PRIVATE,
            30,
            mappings));
    awaitStatus(tenant, fullName, 200);
    return connectionId;
  }

  public static CloudEvent<RepoEvent> publish(EventType type, UUID tenant, RepoEvent data) {
    CloudEvent<RepoEvent> event =
        CloudEvent.of(type, EventSources.REPO_CONFIG, data.connectionId(), tenant, data);
    publish(event, data.connectionId());
    return event;
  }

  public static void publish(CloudEvent<?> event, String key) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(Topics.REPOS, key, EventJson.write(event))).get();
    } catch (Exception e) {
      throw new IllegalStateException("could not publish " + event.type(), e);
    }
  }

  /** Waits until listing analyses of the repository answers {@code status}. */
  public static void awaitStatus(Tenant tenant, String fullName, int status) {
    String[] parts = fullName.split("/", 2);
    await(
        "GET analyses of " + fullName + " answers " + status,
        Duration.ofSeconds(30),
        () ->
            given()
                    .auth()
                    .oauth2(tenant.token())
                    .get(BASE + "/analyses", parts[0], parts[1])
                    .statusCode()
                == status);
  }

  // --- SARIF ---------------------------------------------------------------------------------

  public static String encode(byte[] sarif) {
    return SarifSamples.encode(sarif);
  }

  public static String encode(String sarif) {
    return SarifSamples.encode(sarif);
  }

  public static String encode(Path file) {
    try {
      return encode(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A SARIF log of one run of {@code tool} with {@code results} (JSON objects). */
  public static String sarif(String tool, String category, String rules, String... results) {
    return SarifSamples.sarif(tool, category, List.of(rules), List.of(results));
  }

  public static String rule(String id, String level, String securitySeverity) {
    return SarifSamples.rule(id, level, securitySeverity);
  }

  public static String result(String ruleId, String path, int line, String hash) {
    return SarifSamples.result(ruleId, path, line, hash);
  }

  public static Map<String, Object> uploadBody(String commit, String ref, String sarif) {
    Map<String, Object> body = new HashMap<>();
    body.put("commit_sha", commit);
    body.put("ref", ref);
    body.put("sarif", sarif);
    return body;
  }

  public static Response upload(Tenant tenant, String fullName, Map<String, Object> body) {
    String[] parts = fullName.split("/", 2);
    return given()
        .auth()
        .oauth2(tenant.token())
        .contentType(ContentType.JSON)
        .body(body)
        .post(BASE + "/sarifs", parts[0], parts[1]);
  }

  /** Uploads and waits for processing; returns the final status body. */
  public static JsonNode uploadAndAwait(
      Tenant tenant, String fullName, String commit, String ref, String encodedSarif) {
    Response accepted = upload(tenant, fullName, uploadBody(commit, ref, encodedSarif));
    assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
    return awaitProcessed(tenant, fullName, accepted.jsonPath().getString("id"));
  }

  public static JsonNode awaitProcessed(Tenant tenant, String fullName, String sarifId) {
    String[] parts = fullName.split("/", 2);
    JsonNode[] last = new JsonNode[1];
    await(
        "upload " + sarifId + " processed",
        Duration.ofSeconds(90),
        () -> {
          Response r =
              given()
                  .auth()
                  .oauth2(tenant.token())
                  .get(BASE + "/sarifs/{id}", parts[0], parts[1], sarifId);
          last[0] = json(r);
          return r.statusCode() == 200
              && !"pending".equals(last[0].path("processing_status").asText());
        });
    return last[0];
  }

  public static JsonNode json(Response response) {
    try {
      return EventJson.mapper().readTree(response.asByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- events --------------------------------------------------------------------------------

  /**
   * Every event on {@code topic} matching {@code match}, read from the beginning until at least
   * {@code atLeast} matched and the partitions' ends (taken then) were reached.
   */
  public static List<CloudEvent<JsonNode>> events(
      String topic, Predicate<CloudEvent<JsonNode>> match, int atLeast, Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<CloudEvent<JsonNode>> matched = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      Map<TopicPartition, Long> ends = null;
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          CloudEvent<JsonNode> event = EventJson.readTree(record.value());
          if (match.test(event)) {
            matched.add(event);
          }
        }
        if (ends == null && matched.size() >= atLeast && !consumer.assignment().isEmpty()) {
          ends = consumer.endOffsets(consumer.assignment());
        }
        if (ends != null && caughtUp(consumer, ends)) {
          return matched;
        }
      }
    }
    return matched;
  }

  private static boolean caughtUp(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  // --- waiting -------------------------------------------------------------------------------

  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
    throw new AssertionError("timed out waiting for: " + what);
  }
}
