package dev.vigil.system;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Settings that tie the suite together, as {@code ./vigil up} sets them: the gateway's secrets, dev
 * bootstrap, bootstrap operator token and backend URLs; every backend's JWKS URL; repo-config's
 * key-encryption key; secrets-service's secret-hash key.
 */
public final class GatewayWiring {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** Key of the (fake) GitHub API's port among the ports handed to {@link #settings}. */
  static final String GITHUB_API = "github-api";

  /** The gateway plan whose every budget is 3 requests per window. */
  public static final String TINY_PLAN = "tiny";

  private GatewayWiring() {}

  static Map<String, String> settings(
      String name,
      Map<String, Integer> ports,
      int gatewayManagementPort,
      String stateDir,
      String operatorToken) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("vigil.gateway.jwks-url", "http://127.0.0.1:" + gatewayManagementPort + "/jwks");
    switch (name) {
      case ServiceNames.GATEWAY -> {
        config.put("quarkus.management.port", Integer.toString(gatewayManagementPort));
        config.put("vigil.gateway.token-pepper", randomKey());
        config.put("vigil.gateway.signing-kek", randomKey());
        config.put("vigil.gateway.operator-token", operatorToken);
        config.put("vigil.gateway.dev-bootstrap.dir", stateDir);
        config.put("vigil.gateway.backends.sync", url(ports, ServiceNames.SYNC));
        config.put("vigil.gateway.backends.scanning", url(ports, ServiceNames.SCANNING));
        config.put("vigil.gateway.backends.secrets", url(ports, ServiceNames.SECRETS));
        config.put("vigil.gateway.backends.repo-config", url(ports, ServiceNames.REPO_CONFIG));
        // The public base URL, as a deployment configures it: absolute URLs in answers use it.
        config.put("vigil.gateway.external-base-url", url(ports, ServiceNames.GATEWAY));
        // A plan small enough for tests to exhaust (3 requests per window of each resource).
        config.put("vigil.gateway.rate-limits.plans." + TINY_PLAN + ".github-per-hour", "3");
        config.put("vigil.gateway.rate-limits.plans." + TINY_PLAN + ".sarif-uploads-per-hour", "3");
        config.put("vigil.gateway.rate-limits.plans." + TINY_PLAN + ".others-per-minute", "3");
      }
      case ServiceNames.REPO_CONFIG -> {
        config.put("vigil.repo-config.kek.active", "system1");
        config.put("vigil.repo-config.kek.keys.system1", randomKey());
        // Platform calls go to closed loopback ports: tests never reach the internet. A test may
        // bind a fake GitHub to the GitHub one (VigilSystem.githubApiPort()) while it runs.
        config.put("vigil.repo-config.platforms.github-api-base", url(ports, GITHUB_API));
        config.put("vigil.repo-config.platforms.gitlab-base", "http://127.0.0.1:9");
        config.put("vigil.repo-config.platforms.bitbucket-api-base", "http://127.0.0.1:9");
        config.put("vigil.repo-config.platforms.bitbucket-web-base", "http://127.0.0.1:9");
      }
      case ServiceNames.SECRETS ->
          // The HMAC key of secret_hash: the service refuses to start without one.
          config.put("vigil.secrets.incidents.hash-key", randomKey());
      default -> {}
    }
    return config;
  }

  /** Health lives on the gateway's management port when it has one, else on the service port. */
  static String[] readinessUrls(VigilSystem.Service service, int gatewayManagementPort) {
    String own = service.url() + "/q/health/ready";
    return service.name().equals(ServiceNames.GATEWAY)
        ? new String[] {"http://127.0.0.1:" + gatewayManagementPort + "/q/health/ready", own}
        : new String[] {own};
  }

  /**
   * A bootstrap operator token in the gateway's {@code vgl_} format: 32 random base62 characters
   * and 6 base62 characters holding their CRC32 (the gateway refuses a malformed one at start-up).
   */
  static String operatorToken() {
    StringBuilder token = new StringBuilder("vgl_");
    for (int i = 0; i < 32; i++) {
      token.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
    }
    CRC32 crc = new CRC32();
    crc.update(token.substring(4).getBytes(StandardCharsets.US_ASCII));
    long rest = crc.getValue();
    char[] checksum = new char[6];
    for (int i = 5; i >= 0; i--) {
      checksum[i] = BASE62.charAt((int) (rest % BASE62.length()));
      rest /= BASE62.length();
    }
    return token.append(checksum).toString();
  }

  private static String url(Map<String, Integer> ports, String service) {
    return "http://127.0.0.1:" + ports.get(service);
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
