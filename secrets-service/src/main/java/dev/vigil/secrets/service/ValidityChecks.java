package dev.vigil.secrets.service;

import dev.vigil.secrets.config.RepositoryScanConfig;
import dev.vigil.secrets.config.ValidityConfig;
import dev.vigil.secrets.persistence.IncidentStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Whether a new incident's secret still works, asked of its issuer: {@code vgl_} tokens of the
 * gateway ({@code GET /v1/token}), GitHub tokens of the GitHub API the repository scans use ({@code
 * GET /user}); anything else is {@code no_checker}. Time-bounded ({@code failed_to_check} on
 * timeout or an unexpected answer), rate-limited per replica (beyond: {@code unknown}, unchecked)
 * and switchable off. The secret is sent only to its own issuer and never logged.
 */
@ApplicationScoped
public class ValidityChecks {

  private static final Logger LOG = Logger.getLogger(ValidityChecks.class);
  private static final String GITHUB_DEFAULT = "https://api.github.com";
  private static final Set<String> GITHUB_TOKENS =
      Set.of(
          "github_access_token",
          "github_oauth_token",
          "github_fine_grained_token",
          "github_user_to_server_token",
          "github_server_to_server_token");

  private final ValidityConfig config;
  private final String githubApi;
  private final DataSource dataSource;
  private final HttpClient http;
  private long windowStart = System.nanoTime();
  private int inWindow;

  public ValidityChecks(ValidityConfig config, RepositoryScanConfig scans, DataSource dataSource) {
    this.config = config;
    this.githubApi = trim(scans.githubApiBase().orElse(GITHUB_DEFAULT));
    this.dataSource = dataSource;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Checks a newly opened incident's secret and stores the answer; nothing for a known one. */
  public void checkNew(
      UUID tenantId, IncidentRecorder.Recorded recorded, String tokenType, String secret) {
    if (!recorded.created() || !config.enabled()) {
      return;
    }
    String validity = check(tokenType, secret);
    if (validity.equals("unknown")) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      IncidentStore.setValidity(c, tenantId, recorded.incidentId(), validity);
    } catch (SQLException e) {
      LOG.warnf("validity of incident %d not stored: %s", recorded.incidentId(), e.getSQLState());
    }
  }

  /**
   * {@code valid}, {@code invalid}, {@code failed_to_check}, {@code no_checker} or {@code unknown}.
   */
  public String check(String tokenType, String secret) {
    URI uri;
    String authorization;
    if (tokenType.equals("vigil_api_token")) {
      if (config.gatewayUrl().isEmpty()) {
        return "no_checker";
      }
      uri = URI.create(trim(config.gatewayUrl().get()) + "/v1/token");
      authorization = "Token " + secret;
    } else if (GITHUB_TOKENS.contains(tokenType)) {
      uri = URI.create(githubApi + "/user");
      authorization = "Bearer " + secret;
    } else {
      return "no_checker";
    }
    if (!allowed()) {
      return "unknown";
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(config.timeout())
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .GET()
            .build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status == 200 ? "valid" : status == 401 ? "invalid" : "failed_to_check";
    } catch (HttpTimeoutException e) {
      return "failed_to_check";
    } catch (IOException e) {
      return "failed_to_check";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "failed_to_check";
    }
  }

  private synchronized boolean allowed() {
    long now = System.nanoTime();
    if (now - windowStart >= 60_000_000_000L) {
      windowStart = now;
      inWindow = 0;
    }
    return ++inWindow <= config.perMinute();
  }

  private static String trim(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
