package dev.vigil.scanning;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.scanning.SarifReceived;
import dev.vigil.kit.testing.ServiceFoundationContract;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;

/**
 * Health, OpenAPI, metrics and the outbox-to-Kafka path of scanning-service, on real PostgreSQL and
 * Kafka.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class ServiceFoundationTest extends ServiceFoundationContract {

  @Override
  protected CloudEvent<?> sampleEvent() {
    return CloudEvent.of(
        EventType.SARIF_RECEIVED,
        "/vigil/scanning-service",
        "acme/checkout-api",
        UUID.randomUUID(),
        new SarifReceived(
            UUID.randomUUID(), "acme/checkout-api", "c".repeat(40), "refs/heads/main", null, 1024));
  }
}
