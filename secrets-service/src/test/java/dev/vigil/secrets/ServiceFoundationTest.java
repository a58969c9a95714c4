package dev.vigil.secrets;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.alerts.SecretIncidentEvent;
import dev.vigil.kit.testing.ServiceFoundationContract;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;

/**
 * Health, OpenAPI, metrics and the outbox-to-Kafka path of secrets-service, on real PostgreSQL and
 * Kafka.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class ServiceFoundationTest extends ServiceFoundationContract {

  @Override
  protected CloudEvent<?> sampleEvent() {
    return CloudEvent.of(
        EventType.SECRET_INCIDENT_TRIGGERED,
        "/vigil/secrets-service",
        "incident/1",
        UUID.randomUUID(),
        new SecretIncidentEvent(
            1,
            "aws_iam",
            SecretIncidentEvent.Severity.HIGH,
            null,
            SecretIncidentEvent.Status.TRIGGERED,
            SecretIncidentEvent.Validity.VALID,
            1,
            "f".repeat(64)));
  }
}
