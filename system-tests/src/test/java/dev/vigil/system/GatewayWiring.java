package dev.vigil.system;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the services find the gateway and the gateway finds them, in the system under test. */
final class GatewayWiring {

  private GatewayWiring() {}

  static Map<String, String> environment(
      String name, Map<String, Integer> ports, int gatewayManagementPort, Path state) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("VIGIL_GATEWAY_JWKS_URL", "http://127.0.0.1:" + gatewayManagementPort + "/jwks");
    return env;
  }

  static String readinessUrl(VigilSystem.Service service, int gatewayManagementPort) {
    return service.url() + "/q/health/ready";
  }
}
