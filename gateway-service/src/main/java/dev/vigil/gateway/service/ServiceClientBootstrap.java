package dev.vigil.gateway.service;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.domain.ServiceClient;
import dev.vigil.gateway.domain.TokenHasher;
import dev.vigil.gateway.persistence.ServiceClientEntity;
import dev.vigil.gateway.persistence.ServiceClientRepository;
import dev.vigil.gateway.security.GatewaySecrets;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * On every start, registers the service clients given in configuration, so each backend that calls
 * another has its identity without an operator registering anything: a deployment's declared ones
 * ({@code vigil.gateway.service-clients.<service>}, from a Kubernetes Secret) and, with {@code
 * vigil.gateway.dev-bootstrap.dir} set, {@code ./vigil up}'s ({@code
 * vigil.gateway.dev-bootstrap.service-clients.<service>}). Only the facts are logged, never a
 * secret.
 */
@ApplicationScoped
public class ServiceClientBootstrap {

  private static final Logger LOG = Logger.getLogger(ServiceClientBootstrap.class);

  private final GatewayConfig config;
  private final ServiceClientRepository serviceClients;
  private final TokenHasher hasher;

  public ServiceClientBootstrap(
      GatewayConfig config, ServiceClientRepository serviceClients, GatewaySecrets secrets) {
    this.config = config;
    this.serviceClients = serviceClients;
    this.hasher = secrets.hasher();
  }

  // After the signing keys (priority 10), before the dev bootstrap (20), as before the split.
  void onStart(@Observes @Priority(15) StartupEvent event) throws Throwable {
    Map<String, String> serviceSecrets = new TreeMap<>(config.serviceClients().byService());
    if (config.devBootstrap().dir().isPresent()) {
      serviceSecrets.putAll(config.devBootstrap().serviceClients());
    }
    if (serviceSecrets.isEmpty()) {
      return;
    }
    for (String service : serviceSecrets.keySet()) {
      if (!ServiceClient.SERVICES.contains(service)) {
        throw new IllegalStateException(
            "vigil.gateway.dev-bootstrap.service-clients: unknown service '" + service + "'");
      }
    }
    VertxContextSupport.subscribeAndAwait(
        () -> Panache.withTransaction(() -> register(serviceSecrets)));
    LOG.infof("service clients registered: %s", String.join(", ", serviceSecrets.keySet()));
  }

  /**
   * One client per service, id = service name, no internal scopes (the called service decides by
   * the token's {@code service} claim). An existing client gets the configured secret again, so a
   * regenerated {@code .vigil/secrets} or a rotated Secret keeps working; a client an operator
   * disabled stays disabled.
   */
  private Uni<Void> register(Map<String, String> secrets) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Map.Entry<String, String> entry : secrets.entrySet()) {
      String service = entry.getKey();
      String hash = hasher.hash(entry.getValue());
      chain =
          chain
              .chain(() -> serviceClients.findById(service))
              .chain(
                  existing -> {
                    if (existing != null) {
                      existing.secretHash = hash;
                      existing.serviceName = service;
                      return Uni.createFrom().voidItem();
                    }
                    ServiceClientEntity client = new ServiceClientEntity();
                    client.clientId = service;
                    client.serviceName = service;
                    client.secretHash = hash;
                    client.scopes = new String[0];
                    client.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return serviceClients.persist(client).replaceWithVoid();
                  });
    }
    return chain;
  }
}
