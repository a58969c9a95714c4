package dev.vigil.gateway;

import static io.restassured.RestAssured.given;

import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.kit.testing.ServiceFoundationContract;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The kit's service foundation for the gateway, whose metrics live on the management port with its
 * JWKS: health and OpenAPI on the public port, metrics only on the management port.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class ServiceFoundationTest extends ServiceFoundationContract {

  @ConfigProperty(name = "quarkus.management.test-port")
  int managementPort;

  @Override
  protected CloudEvent<?> sampleEvent() {
    // The gateway publishes no domain events of its own yet; this proves its outbox wiring.
    return repoDisconnectedSample("/vigil/gateway-service");
  }

  @Override
  protected String metricsUrl() {
    return "http://127.0.0.1:" + managementPort + "/q/metrics";
  }

  @Test
  void metricsAreNotServedOnThePublicPort() {
    given().get("/q/metrics").then().statusCode(404);
  }
}
