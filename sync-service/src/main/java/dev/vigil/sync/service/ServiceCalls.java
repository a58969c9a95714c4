package dev.vigil.sync.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.kit.identity.ServiceTokens;
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
import java.util.UUID;

/**
 * sync-service's calls to the platform as itself: a service token from the gateway (service-kit's
 * {@link ServiceTokens}: client credentials, per tenant, cached until shortly before it expires)
 * and a connection's decrypted credentials from repo-config's internal endpoint. Credentials are
 * never logged or stored.
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

  private static final String REPO_CONFIG = "repo-config-service";

  private final PollingConfig config;
  private final ServiceTokens tokens;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public ServiceCalls(PollingConfig config, ServiceTokens tokens) {
    this.config = config;
    this.tokens = tokens;
  }

  /** Whether sync-service has its own identity ({@code vigil.service-identity.*}). */
  public boolean configured() {
    return tokens.configured();
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
    if (!configured()) {
      throw new CallFailed("GitHub polling is off: sync-service has no service identity");
    }
    try {
      return tokens.token(REPO_CONFIG, tenant).await().atMost(TIMEOUT);
    } catch (RuntimeException e) {
      // ServiceTokens' messages carry the status, never the secret.
      throw new CallFailed("gateway token endpoint: " + e.getMessage());
    }
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
