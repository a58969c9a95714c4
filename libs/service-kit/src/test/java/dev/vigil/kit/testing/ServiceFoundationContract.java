package dev.vigil.kit.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What every Vigil service must do from day one, run against its real PostgreSQL and Kafka:
 * readiness covers both, OpenAPI and metrics are served, and an event appended through the outbox
 * arrives on Kafka with its key. Each service's test extends this with {@code @QuarkusTest}.
 */
public abstract class ServiceFoundationContract {

  @Inject Outbox outbox;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  /** An event this service could produce. */
  protected abstract CloudEvent<?> sampleEvent();

  /** Where Prometheus scrapes this service; a service with a management port overrides it. */
  protected String metricsUrl() {
    return "/q/metrics";
  }

  /** A {@code repo.disconnected} event from {@code source}, for services with no richer sample. */
  protected static CloudEvent<?> repoDisconnectedSample(String source) {
    return CloudEvent.of(
        EventType.REPO_DISCONNECTED,
        source,
        "acme/checkout-api",
        UUID.randomUUID(),
        RepoEvent.disconnected(
            "rc_0123456789abcdefghijklmn",
            UUID.randomUUID(),
            RepoEvent.Platform.GITHUB,
            "acme/checkout-api",
            null));
  }

  @Test
  void readinessReportsDatabaseAndKafkaUp() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem(containsString("Kafka")))
        .body("checks.name", hasItem(containsString("PostgreSQL")))
        // The public health answer names no internal address.
        .body(org.hamcrest.Matchers.not(containsString(bootstrapServers.split(",")[0])));
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void servesOpenApiAndMetrics() {
    given().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    given().get(metricsUrl()).then().statusCode(200).body(containsString("jvm_"));
  }

  @Test
  void appendedEventArrivesOnKafkaWithItsKey() throws Throwable {
    CloudEvent<?> event = sampleEvent();
    String key = "key-" + event.id();
    VertxContextSupport.subscribeAndAwait(
        () -> Panache.withTransaction(() -> outbox.append(event, key)));

    ConsumerRecord<String, byte[]> record =
        KafkaProbe.find(
                bootstrapServers,
                event.eventType().topic(),
                r -> key.equals(r.key()),
                Duration.ofSeconds(30))
            .orElseThrow(() -> new AssertionError("event never reached Kafka"));

    CloudEvent<JsonNode> received = EventJson.readTree(record.value());
    assertThat(received.id()).isEqualTo(event.id());
    assertThat(received.type()).isEqualTo(event.type());
    assertThat(received.tenantid()).isEqualTo(event.tenantid());
    assertThat(
            new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
        .startsWith("application/cloudevents+json");
  }
}
