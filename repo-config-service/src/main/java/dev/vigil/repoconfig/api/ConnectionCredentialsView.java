package dev.vigil.repoconfig.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * Internal only: a connection with its decrypted credentials, for sync-service and secrets-service.
 * {@link #toString()} never prints the secrets.
 */
public record ConnectionCredentialsView(
    String connectionId,
    UUID tenantId,
    UUID projectId,
    String platform,
    String baseUrl,
    List<String> repositories,
    Secret credentials) {

  /**
   * @param kind {@code token} or {@code appPassword}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Secret(String kind, String token, String username, String appPassword) {

    @Override
    public String toString() {
      return "Secret[kind=" + kind + ", <redacted>]";
    }
  }
}
