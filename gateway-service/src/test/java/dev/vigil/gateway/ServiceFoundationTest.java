package dev.vigil.gateway;

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
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.kit.outbox.Outbox;
import dev.vigil.kit.testing.KafkaProbe;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The kit's service foundation (ServiceFoundationContract) for the gateway, whose metrics live on
 * the management port with its JWKS: health and OpenAPI on the public port, metrics on the
 * management port, and the outbox-to-Kafka path, on real PostgreSQL and Kafka.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class ServiceFoundationTest {

  @Inject Outbox outbox;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @ConfigProperty(name = "quarkus.management.test-port")
  int managementPort;

  @Test
  void readinessReportsDatabaseAndKafkaUp() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem(containsString("Kafka")))
        .body("checks.name", hasItem(containsString("PostgreSQL")));
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void servesOpenApiPubliclyAndMetricsOnTheManagementPort() {
    given().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    given()
        .get("http://127.0.0.1:" + managementPort + "/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("jvm_"));
    given().get("/q/metrics").then().statusCode(404);
  }

  @Test
  void appendedEventArrivesOnKafkaWithItsKey() throws Throwable {
    // The gateway publishes no domain events of its own yet; this proves its outbox wiring.
    CloudEvent<?> event =
        CloudEvent.of(
            EventType.REPO_DISCONNECTED,
            "/vigil/gateway-service",
            "acme/checkout-api",
            UUID.randomUUID(),
            RepoEvent.disconnected(
                "rc_0123456789abcdefghijklmn",
                UUID.randomUUID(),
                RepoEvent.Platform.GITHUB,
                "acme/checkout-api",
                null));
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
    assertThat(received.tenantid()).isEqualTo(event.tenantid());
  }
}
