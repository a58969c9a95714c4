package dev.vigil.gateway.domain;

/** Where a route's requests go. {@link #GATEWAY} routes are answered by the gateway itself. */
public enum Backend {
  GATEWAY("gateway-service", 8080),
  SYNC("sync-service", 8081),
  SCANNING("scanning-service", 8082),
  SECRETS("secrets-service", 8083),
  REPO_CONFIG("repo-config-service", 8084);

  private final String serviceName;
  private final int defaultPort;

  Backend(String serviceName, int defaultPort) {
    this.serviceName = serviceName;
    this.defaultPort = defaultPort;
  }

  /** The service's name: its Kubernetes service, its JWT audience and its config key. */
  public String serviceName() {
    return serviceName;
  }

  /** The port the service listens on when run locally (ARCHITECTURE.md). */
  public int defaultPort() {
    return defaultPort;
  }

  public boolean isGateway() {
    return this == GATEWAY;
  }
}
