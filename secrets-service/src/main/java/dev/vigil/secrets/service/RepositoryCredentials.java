package dev.vigil.secrets.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.kit.identity.ServiceTokens;
import dev.vigil.kit.repos.RepositoryLookup;
import dev.vigil.kit.repos.RepositoryLookupConfig;
import dev.vigil.platform.PlatformCredentials;
import dev.vigil.secrets.config.RepositoryScanConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A connection's decrypted credentials from repo-config's internal endpoint, asked with this
 * service's own identity (audited there with the purpose {@code secret-scan}). Never logged, never
 * stored: they live for one download.
 */
@ApplicationScoped
public class RepositoryCredentials {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 64 * 1024;

  /** Credentials could not be had; the message is fit for the scan's error (no secret). */
  public static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message, null, false, false);
    }
  }

  private final ServiceTokens tokens;
  private final RepositoryLookupConfig lookup;
  private final RepositoryScanConfig config;
  private final HttpClient http;

  public RepositoryCredentials(
      ServiceTokens tokens, RepositoryLookupConfig lookup, RepositoryScanConfig config) {
    this.tokens = tokens;
    this.lookup = lookup;
    this.config = config;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.callTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The credentials of the tenant's connection {@code connectionId}. */
  public PlatformCredentials of(UUID tenant, String connectionId) throws Unavailable {
    if (lookup.repoConfigUrl().isEmpty() || !tokens.configured()) {
      throw new Unavailable("no service identity or repo-config URL is configured");
    }
    String token;
    try {
      token =
          tokens
              .token(RepositoryLookup.REPO_CONFIG, tenant)
              .await()
              .atMost(config.callTimeout().multipliedBy(2));
    } catch (RuntimeException e) {
      throw new Unavailable("no service token from the gateway");
    }
    String base = lookup.repoConfigUrl().get();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                        + "/internal/v1/connections/"
                        + URLEncoder.encode(connectionId, StandardCharsets.UTF_8)
                        + "/credentials?purpose=secret-scan"))
            .timeout(config.callTimeout())
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
    JsonNode data;
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new Unavailable("repo-config answered " + response.statusCode());
      }
      if (response.body().length > MAX_BODY) {
        throw new Unavailable("repo-config answered too large a body");
      }
      data = JSON.readTree(response.body()).path("data");
    } catch (IOException e) {
      throw new Unavailable("repo-config unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted");
    }
    JsonNode credentials = data.path("credentials");
    String baseUrl = data.path("baseUrl").asText(null);
    baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl;
    try {
      String secret = credentials.path("token").asText(null);
      if (secret != null && !secret.isEmpty()) {
        return PlatformCredentials.token(secret, baseUrl);
      }
      String username = credentials.path("username").asText(null);
      String password = credentials.path("appPassword").asText(null);
      if (username != null && password != null) {
        return PlatformCredentials.appPassword(username, password);
      }
    } catch (IllegalArgumentException e) {
      throw new Unavailable("the connection's base URL is not usable");
    }
    throw new Unavailable("the connection has no usable credentials");
  }
}
