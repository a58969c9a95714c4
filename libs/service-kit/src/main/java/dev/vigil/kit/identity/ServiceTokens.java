package dev.vigil.kit.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Internal JWTs for calls this service makes to another one with its own identity: OAuth 2.0 client
 * credentials at the gateway ({@code grant_type=client_credentials}, {@code audience}, {@code
 * tenant_id}), one token per audience and tenant, reused until shortly before it expires.
 */
@ApplicationScoped
public class ServiceTokens {

  /** A token is renewed this long before the gateway's expiry. */
  private static final Duration RENEW_BEFORE = Duration.ofSeconds(10);

  private static final int MAX_CACHED = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Key(String audience, UUID tenant) {}

  private record Cached(String token, long expiresAtNanos) {}

  private final ServiceIdentityConfig config;
  private final HttpClient http;
  private final ConcurrentMap<Key, Cached> tokens = new ConcurrentHashMap<>();

  public ServiceTokens(ServiceIdentityConfig config) {
    this.config = config;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
  }

  /** Whether this service has an identity configured. */
  public boolean configured() {
    return config.tokenUrl().isPresent()
        && config.clientId().isPresent()
        && config.clientSecret().isPresent();
  }

  /** A bearer token for calling {@code audience} on behalf of {@code tenant}. */
  public Uni<String> token(String audience, UUID tenant) {
    if (!configured()) {
      return Uni.createFrom()
          .failure(new IllegalStateException("no service identity is configured"));
    }
    Key key = new Key(audience, tenant);
    Cached cached = tokens.get(key);
    if (cached != null && System.nanoTime() < cached.expiresAtNanos()) {
      return Uni.createFrom().item(cached.token());
    }
    String form =
        "grant_type=client_credentials&audience="
            + encode(audience)
            + "&tenant_id="
            + encode(tenant.toString());
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (config.clientId().get() + ":" + config.clientSecret().get())
                    .getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(config.tokenUrl().get()))
            .timeout(config.timeout())
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return Uni.createFrom()
        .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
        .map(response -> remember(key, response));
  }

  private String remember(Key key, HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      // The body is OAuth's {"error","error_description"}: no secret in it.
      throw new IllegalStateException(
          "the gateway refused a service token (" + response.statusCode() + ")");
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      String token = body.path("access_token").asText(null);
      if (token == null || token.isEmpty()) {
        throw new IllegalStateException("the gateway's token answer has no access_token");
      }
      long lifetime = Math.max(0, body.path("expires_in").asLong(0) - RENEW_BEFORE.toSeconds());
      if (tokens.size() >= MAX_CACHED) {
        tokens.clear();
      }
      tokens.put(
          key, new Cached(token, System.nanoTime() + Duration.ofSeconds(lifetime).toNanos()));
      return token;
    } catch (IOException e) {
      throw new IllegalStateException("the gateway's token answer is not JSON");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
