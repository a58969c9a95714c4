package dev.vigil.repoconfig;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.kit.testing.ServiceFoundationContract;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Health, OpenAPI, metrics and the outbox-to-Kafka path of repo-config-service, on real PostgreSQL
 * and Kafka.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
class ServiceFoundationTest extends ServiceFoundationContract {

  @Override
  protected CloudEvent<?> sampleEvent() {
    return repoDisconnectedSample("/vigil/repo-config-service");
  }
}
