package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.contracts.identity.InternalJwt;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VigilTestResourceTest {

  @Test
  void startHandsOutAFreshDatabaseAndTheSharedBrokerAndKey() throws Exception {
    VigilTestResource resource = new VigilTestResource();
    Map<String, String> first = resource.start();
    Map<String, String> second = resource.start();

    assertThat(first)
        .containsEntry("kafka.bootstrap.servers", TestInfra.kafkaBootstrapServers())
        .containsEntry("mp.jwt.verify.publickey.location", TestTokens.jwksLocation())
        .containsEntry("mp.jwt.verify.issuer", InternalJwt.ISSUER)
        .containsEntry("quarkus.devservices.enabled", "false")
        .containsEntry("quarkus.kafka.devservices.enabled", "false")
        .containsEntry("quarkus.datasource.devservices.enabled", "false")
        .containsKeys(
            "quarkus.datasource.username",
            "quarkus.datasource.password",
            "quarkus.datasource.reactive.url");
    assertThat(first.get("quarkus.datasource.jdbc.url"))
        .isNotEqualTo(second.get("quarkus.datasource.jdbc.url"));
    assertThat(first.get("quarkus.datasource.reactive.url")).startsWith("postgresql://");

    try (Connection c =
        DriverManager.getConnection(
            first.get("quarkus.datasource.jdbc.url"),
            first.get("quarkus.datasource.username"),
            first.get("quarkus.datasource.password"))) {
      assertThat(c.isValid(5)).isTrue();
    }
    resource.stop();
  }
}
