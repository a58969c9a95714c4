package dev.vigil.sync.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.platform.PlatformCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * sync-service's calls to the platform as itself: a service token from the gateway (client
 * credentials, per tenant, cached until shortly before it expires) and a connection's decrypted
 * credentials from repo-config's internal endpoint. Credentials are never logged or stored.
 */
@ApplicationScoped
public class ServiceCalls {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_BODY = 64 * 1024;

  /** A failed call; the message is fit for the attempt history (no secrets). */
  public static final class CallFailed extends Exception {
    CallFailed(String message) {
      super(message, null, false, false);
    }
  }

  private record CachedToken(String token, Instant expires) {}

  private final PollingConfig config;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final Map<UUID, CachedToken> tokens = new ConcurrentHashMap<>();

  public ServiceCalls(PollingConfig config) {
    this.config = config;
  }

  public boolean configured() {
    return config.clientId().isPresent() && config.clientSecret().isPresent();
  }

  /** The GitHub credentials of a repo-config connection, as sync-service's own identity. */
  public PlatformCredentials credentials(UUID tenant, String connectionId) throws CallFailed {
    String token = serviceToken(tenant);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    config.repoConfigUrl()
                        + "/internal/v1/connections/"
                        + URLEncoder.encode(connectionId, StandardCharsets.UTF_8)
                        + "/credentials?purpose=sync-zipball"))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
    JsonNode body = send(request, "repo-config credentials");
    JsonNode data = body.path("data");
    if (!"github".equals(data.path("platform").asText())) {
      throw new CallFailed("repo connection " + connectionId + " is not a GitHub connection");
    }
    String secret = data.path("credentials").path("token").asText(null);
    if (secret == null || secret.isEmpty()) {
      throw new CallFailed("repo connection " + connectionId + " has no token");
    }
    String baseUrl = data.path("baseUrl").asText(null);
    return PlatformCredentials.token(secret, baseUrl == null || baseUrl.isBlank() ? null : baseUrl);
  }

  private String serviceToken(UUID tenant) throws CallFailed {
    CachedToken cached = tokens.get(tenant);
    if (cached != null && cached.expires().isAfter(Instant.now())) {
      return cached.token();
    }
    if (!configured()) {
      throw new CallFailed("GitHub polling is not configured (vigil.sync.polling.client-id)");
    }
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (config.clientId().get() + ":" + config.clientSecret().get())
                    .getBytes(StandardCharsets.UTF_8));
    String form = "grant_type=client_credentials&audience=repo-config-service&tenant_id=" + tenant;
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(config.tokenUrl()))
            .timeout(TIMEOUT)
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    JsonNode body = send(request, "gateway token endpoint");
    String token = body.path("access_token").asText(null);
    if (token == null) {
      throw new CallFailed("gateway token endpoint answered without an access_token");
    }
    long ttl = Math.max(0, body.path("expires_in").asLong(60) - 10);
    tokens.put(tenant, new CachedToken(token, Instant.now().plusSeconds(ttl)));
    return token;
  }

  private JsonNode send(HttpRequest request, String what) throws CallFailed {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new CallFailed(what + " answered " + response.statusCode());
      }
      if (response.body().length > MAX_BODY) {
        throw new CallFailed(what + " answered too large a body");
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new CallFailed(what + " unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallFailed(what + " call interrupted");
    }
  }
}
