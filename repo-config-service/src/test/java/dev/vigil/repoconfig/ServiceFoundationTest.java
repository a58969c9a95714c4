package dev.vigil.repoconfig;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.kit.testing.ServiceFoundationContract;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;

/**
 * Health, OpenAPI, metrics and the outbox-to-Kafka path of repo-config-service, on real PostgreSQL
 * and Kafka.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class ServiceFoundationTest extends ServiceFoundationContract {

  @Override
  protected CloudEvent<?> sampleEvent() {
    return CloudEvent.of(
        EventType.REPO_DISCONNECTED,
        "/vigil/repo-config-service",
        "acme/checkout-api",
        UUID.randomUUID(),
        RepoEvent.disconnected(
            "rc_0123456789abcdefghijklmn",
            UUID.randomUUID(),
            RepoEvent.Platform.GITHUB,
            "acme/checkout-api",
            null));
  }
}
