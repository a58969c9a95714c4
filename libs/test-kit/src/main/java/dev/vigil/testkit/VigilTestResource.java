package dev.vigil.testkit;

import dev.vigil.contracts.identity.InternalJwt;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the JVM's real PostgreSQL and Kafka ({@link TestInfra}) and at
 * the test token key ({@link TestTokens}). Each start gets a fresh database, so Flyway migrates an
 * empty schema. Use either
 *
 * <pre>{@code
 * @QuarkusTestResource(value = VigilTestResource.class, restrictToAnnotatedClass = false)
 * @WithTestResource(VigilTestResource.class)
 * }</pre>
 *
 * The service must configure some {@code mp.jwt.verify.publickey.location} at build time
 * (service-kit does): with no key at all, smallrye-jwt's test mode installs an in-memory key that
 * wins over the location given here.
 *
 * <p>Dev Services are switched off: they would try to start containers. That also happens at build
 * time through the test kit's META-INF/microprofile-config.properties, because Quarkus decides
 * about Dev Services before test resources start.
 */
public class VigilTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    TestInfra.ensureStarted();
    String database = TestInfra.createDatabase();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("quarkus.datasource.username", TestInfra.username());
    config.put("quarkus.datasource.password", TestInfra.password());
    config.put("quarkus.datasource.jdbc.url", TestInfra.jdbcUrl(database));
    config.put("quarkus.datasource.reactive.url", TestInfra.reactiveUrl(database));
    config.put("kafka.bootstrap.servers", TestInfra.kafkaBootstrapServers());
    config.put("mp.jwt.verify.publickey.location", TestTokens.jwksLocation());
    config.put("mp.jwt.verify.issuer", InternalJwt.ISSUER);
    config.put("quarkus.devservices.enabled", "false");
    config.put("quarkus.kafka.devservices.enabled", "false");
    config.put("quarkus.datasource.devservices.enabled", "false");
    return config;
  }

  /** Nothing: the infrastructure lives as long as the JVM and its shutdown hook stops it. */
  @Override
  public void stop() {}
}
