package dev.vigil.gateway.proxy;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.domain.Backend;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

/** Where each backend listens ({@code vigil.gateway.backends.*}). */
@Singleton
public class Backends {

  /** One backend's address, split once for the HTTP client. */
  public record Address(String host, int port, boolean ssl, String basePath) {}

  private final Map<Backend, Address> addresses = new EnumMap<>(Backend.class);

  public Backends(GatewayConfig config) {
    GatewayConfig.Backends urls = config.backends();
    addresses.put(Backend.SYNC, parse("sync", urls.sync()));
    addresses.put(Backend.SCANNING, parse("scanning", urls.scanning()));
    addresses.put(Backend.SECRETS, parse("secrets", urls.secrets()));
    addresses.put(Backend.REPO_CONFIG, parse("repo-config", urls.repoConfig()));
  }

  public Address address(Backend backend) {
    Address address = addresses.get(backend);
    if (address == null) {
      throw new IllegalArgumentException(backend + " is served by the gateway itself");
    }
    return address;
  }

  private static Address parse(String key, String url) {
    URI uri = URI.create(url.strip());
    String scheme = uri.getScheme();
    if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new IllegalStateException(
          "vigil.gateway.backends." + key + " must be an http(s) URL, got " + url);
    }
    boolean ssl = "https".equals(scheme);
    int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new Address(uri.getHost(), port, ssl, path);
  }
}
