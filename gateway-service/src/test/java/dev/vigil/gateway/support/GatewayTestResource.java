package dev.vigil.gateway.support;

import dev.vigil.gateway.domain.ApiTokenFormat;
import dev.vigil.gateway.domain.TokenHasher;
import dev.vigil.testkit.LocalPorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the gateway under test talks to besides PostgreSQL and Kafka: four echo backends (real HTTP
 * servers that verify the internal JWT against the gateway's JWKS), a fixed management port for
 * that JWKS, an operator token, a dev-bootstrap directory with two service clients, a tiny
 * rate-limit plan and a 1 s timeout for one route.
 */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {

  public static final String SYNC = "sync-service";
  public static final String SCANNING = "scanning-service";
  public static final String SECRETS = "secrets-service";
  public static final String REPO_CONFIG = "repo-config-service";

  /** Plan with 3 requests per window for every resource. */
  public static final String TINY_PLAN = "tiny";

  /** Route whose timeout is cut to 1 s. */
  public static final String SHORT_TIMEOUT_OPERATION = "list-occs";

  /** Service clients the dev bootstrap registers, service name to secret. */
  public static final Map<String, String> DEV_SERVICE_CLIENTS =
      Map.of(SYNC, "dev-secret-of-sync-0123456789", SCANNING, "dev-secret-of-scanning-01234567");

  /** A deployment's service client, declared as a Kubernetes Secret would declare it. */
  public static final Map<String, String> DECLARED_SERVICE_CLIENTS =
      Map.of(SECRETS, "declared-secret-of-secrets-0123");

  private EchoBackends backends;

  @Override
  public Map<String, String> start() {
    int management = LocalPorts.freePort();
    String jwks = "http://127.0.0.1:" + management + "/jwks";
    backends = new EchoBackends(jwks).start(SYNC, SCANNING, SECRETS, REPO_CONFIG);
    Path devDir;
    try {
      devDir = Files.createTempDirectory("vigil-gateway-dev-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Any pepper makes a well-formed token; the gateway hashes it with its own.
    String operatorToken = new ApiTokenFormat(new TokenHasher(new byte[32])).generate().plaintext();

    Map<String, String> config = new LinkedHashMap<>();
    // Both ports fixed: Quarkus tags HTTP metrics with server.port only for a fixed port, and
    // Prometheus refuses one meter name with two tag sets (a random main port would have none).
    config.put("quarkus.http.test-port", Integer.toString(LocalPorts.freePort()));
    config.put("quarkus.management.test-port", Integer.toString(management));
    config.put("test.jwks-url", jwks);
    config.put("vigil.gateway.backends.sync", url(SYNC));
    config.put("vigil.gateway.backends.scanning", url(SCANNING));
    config.put("vigil.gateway.backends.secrets", url(SECRETS));
    config.put("vigil.gateway.backends.repo-config", url(REPO_CONFIG));
    config.put("vigil.gateway.operator-token", operatorToken);
    config.put("vigil.gateway.dev-bootstrap.dir", devDir.toString());
    DEV_SERVICE_CLIENTS.forEach(
        (service, secret) ->
            config.put("vigil.gateway.dev-bootstrap.service-clients." + service, secret));
    DECLARED_SERVICE_CLIENTS.forEach(
        (service, secret) -> config.put("vigil.gateway.service-clients." + service, secret));
    config.put("vigil.gateway.proxy.timeout-overrides." + SHORT_TIMEOUT_OPERATION, "PT1S");
    config.put("vigil.gateway.rate-limits.plans." + TINY_PLAN + ".github-per-hour", "3");
    config.put("vigil.gateway.rate-limits.plans." + TINY_PLAN + ".sarif-uploads-per-hour", "3");
    config.put("vigil.gateway.rate-limits.plans." + TINY_PLAN + ".others-per-minute", "3");
    return config;
  }

  private String url(String service) {
    return "http://127.0.0.1:" + backends.port(service);
  }

  @Override
  public void stop() {
    if (backends != null) {
      backends.stop();
    }
  }
}
