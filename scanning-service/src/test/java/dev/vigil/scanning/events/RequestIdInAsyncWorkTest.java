package dev.vigil.scanning.events;

import static dev.vigil.scanning.api.ScanningTestSupport.SHA;
import static dev.vigil.scanning.api.ScanningTestSupport.encode;
import static dev.vigil.scanning.api.ScanningTestSupport.result;
import static dev.vigil.scanning.api.ScanningTestSupport.rule;
import static dev.vigil.scanning.api.ScanningTestSupport.sarif;
import static dev.vigil.scanning.api.ScanningTestSupport.uploadBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.Topics;
import dev.vigil.scanning.api.ScanningTestSupport;
import dev.vigil.scanning.api.ScanningTestSupport.Tenant;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * The request id the gateway gave an upload follows its asynchronous work: the {@code
 * sarif.received} work item and the alert events the processing appends carry it as their {@code
 * X-Request-Id} header, and the processing's log line carries it as {@code requestId}.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class RequestIdInAsyncWorkTest {

  /** A log line's message (formatted) and its {@code requestId}, taken when it was written. */
  private record Line(String message, Object requestId) {}

  @Test
  void theUploadsRequestIdReachesItsEventsAndItsProcessingLogLine() {
    Tenant tenant = Tenant.create();
    ScanningTestSupport.connect(tenant, "acme/traced", "main");
    String requestId = "gw-" + UUID.randomUUID();
    List<Line> lines = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext) {
              lines.add(new Line(ext.getFormattedMessage(), ext.getMdc("requestId")));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    String uploadId;
    try {
      Response accepted =
          given()
              .auth()
              .oauth2(tenant.token())
              .header("X-Request-Id", requestId)
              .contentType(ContentType.JSON)
              .body(
                  uploadBody(
                      SHA,
                      "refs/heads/main",
                      encode(
                          sarif(
                              "Semgrep",
                              "semgrep/traced",
                              rule("py/traced", "error", "7.5"),
                              result("py/traced", "app/traced.py", 3, "h:traced")))))
              .post(ScanningTestSupport.BASE + "/sarifs", "acme", "traced");
      assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
      assertThat(accepted.header("X-Request-Id")).isEqualTo(requestId);
      uploadId = accepted.jsonPath().getString("id");
      JsonNode status = ScanningTestSupport.awaitProcessed(tenant, "acme/traced", uploadId);
      assertThat(status.path("processing_status").asText()).isEqualTo("complete");
    } finally {
      root.removeHandler(capture);
    }

    assertThat(lines)
        .filteredOn(line -> line.message().startsWith("upload " + uploadId + ": complete"))
        .as("the processing log line")
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line.requestId()).isEqualTo(requestId));

    ConsumerRecord<String, byte[]> workItem =
        first(
            Topics.SCANNING_SARIF,
            record -> uploadId.equals(data(record).path("uploadId").asText()));
    assertThat(header(workItem)).as("sarif.received's X-Request-Id").isEqualTo(requestId);

    ConsumerRecord<String, byte[]> created =
        first(
            Topics.ALERTS,
            record -> tenant.id().toString().equals(EventJson.readTree(record.value()).tenantid()));
    assertThat(header(created)).as("the alert event's X-Request-Id").isEqualTo(requestId);
  }

  private static JsonNode data(ConsumerRecord<String, byte[]> record) {
    return EventJson.readTree(record.value()).data();
  }

  private static String header(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader("X-Request-Id");
    return header == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
  }

  /** The first record on {@code topic} matching {@code match}, read from the beginning. */
  private static ConsumerRecord<String, byte[]> first(
      String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ScanningTestSupport.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (match.test(record)) {
            return record;
          }
          seen.add(record.key());
        }
      }
    }
    throw new AssertionError("no matching record on " + topic + " among " + seen.size());
  }
}
