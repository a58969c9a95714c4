package dev.vigil.platform;

import java.net.http.HttpClient;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** Creates {@link PlatformClient}s. Clients are thread-safe: create them once and share them. */
public final class PlatformClients {

  private PlatformClients() {}

  /** The shared client for {@code platform} with {@link PlatformClientConfig#defaults()}. */
  public static PlatformClient forPlatform(Platform platform) {
    return Defaults.CLIENTS.get(Objects.requireNonNull(platform, "platform"));
  }

  /** A new client for {@code platform} with its own HTTP client. */
  public static PlatformClient forPlatform(Platform platform, PlatformClientConfig config) {
    return create(platform, config, HttpTransport.newHttpClient(config));
  }

  /** New clients for every platform, sharing one HTTP client (and its connection pool). */
  public static Map<Platform, PlatformClient> all(PlatformClientConfig config) {
    HttpClient http = HttpTransport.newHttpClient(config);
    Map<Platform, PlatformClient> clients = new EnumMap<>(Platform.class);
    for (Platform p : Platform.values()) {
      clients.put(p, create(p, config, http));
    }
    return Map.copyOf(clients);
  }

  private static PlatformClient create(
      Platform platform, PlatformClientConfig config, HttpClient http) {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(config, "config");
    HttpTransport transport = new HttpTransport(platform, http, config);
    return switch (platform) {
      case GITHUB -> new GitHubClient(transport);
      case GITLAB -> new GitLabClient(transport);
      case BITBUCKET -> new BitbucketClient(transport);
    };
  }

  /** Built on first use, so merely loading the class opens nothing. */
  private static final class Defaults {
    static final Map<Platform, PlatformClient> CLIENTS = all(PlatformClientConfig.defaults());
  }
}
