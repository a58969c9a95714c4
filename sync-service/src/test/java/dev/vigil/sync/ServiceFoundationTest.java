package dev.vigil.sync;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.sync.SyncAttemptEvent;
import dev.vigil.kit.testing.ServiceFoundationContract;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;

/**
 * Health, OpenAPI, metrics and the outbox-to-Kafka path of sync-service, on real PostgreSQL and
 * Kafka.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class ServiceFoundationTest extends ServiceFoundationContract {

  @Override
  protected CloudEvent<?> sampleEvent() {
    return CloudEvent.of(
        EventType.SYNC_ATTEMPT_SUCCEEDED,
        "/vigil/sync-service",
        "acme/detections",
        UUID.randomUUID(),
        new SyncAttemptEvent(
            UUID.randomUUID(), UUID.randomUUID(), "acme/detections", "d".repeat(40), 3, 0, null));
  }
}
