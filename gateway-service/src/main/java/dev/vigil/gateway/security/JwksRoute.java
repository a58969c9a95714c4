package dev.vigil.gateway.security;

import io.quarkus.vertx.http.ManagementInterface;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Publishes the internal JWT keys at {@code /jwks} on the management interface ({@code
 * quarkus.management.port}, 9080 by default). That port is for the cluster only: it is never
 * exposed through the public ingress and no route of the public port leads there.
 */
@ApplicationScoped
public class JwksRoute {

  public static final String PATH = "/jwks";

  private final SigningKeyService keys;

  public JwksRoute(SigningKeyService keys) {
    this.keys = keys;
  }

  void register(@Observes ManagementInterface management) {
    management
        .router()
        .get(PATH)
        .handler(
            context ->
                context
                    .response()
                    .putHeader("Content-Type", "application/json")
                    // Backends refresh on their own schedule; proxies must not pin an old set.
                    .putHeader("Cache-Control", "max-age=60")
                    .end(keys.jwksJson()));
  }
}
