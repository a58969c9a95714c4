package dev.vigil.kit.testapp;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.scanning.SarifReceived;
import dev.vigil.kit.testing.ServiceFoundationContract;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;

@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class KitFoundationTest extends ServiceFoundationContract {

  @Override
  protected CloudEvent<?> sampleEvent() {
    return CloudEvent.of(
        EventType.SARIF_RECEIVED,
        "/vigil/kit-test-service",
        "acme/checkout-api",
        UUID.randomUUID(),
        new SarifReceived(
            UUID.randomUUID(), "acme/checkout-api", "a".repeat(40), "refs/heads/main", null, 10));
  }
}
