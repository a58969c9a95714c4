package dev.vigil.kit.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Kafka readiness without the broker addresses: Quarkus's own check puts {@code bootstrap.servers}
 * in the public health answer, an internal address no client should see. It is turned off in the
 * kit's defaults ({@code quarkus.kafka.health.enabled=false}); this one answers up or down only.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

  private static final long TIMEOUT_MILLIS = 2_000;

  private final String bootstrapServers;
  private Admin admin;

  public KafkaReadiness(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  @Override
  public HealthCheckResponse call() {
    boolean up;
    try {
      up =
          !admin()
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT_MILLIS))
              .nodes()
              .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
              .isEmpty();
    } catch (Exception e) {
      up = false;
    }
    return HealthCheckResponse.named("Kafka").status(up).build();
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers,
                  AdminClientConfig.CLIENT_ID_CONFIG,
                  "vigil-readiness",
                  AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                  (int) TIMEOUT_MILLIS,
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                  (int) TIMEOUT_MILLIS));
    }
    return admin;
  }

  @PreDestroy
  synchronized void close() {
    if (admin != null) {
      admin.close(java.time.Duration.ofSeconds(1));
    }
  }
}
