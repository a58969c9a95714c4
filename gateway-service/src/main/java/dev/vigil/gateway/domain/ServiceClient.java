package dev.vigil.gateway.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A backend's own identity for service-to-service calls (client credentials), e.g. sync-service
 * reading a repository connection's credentials from repo-config-service.
 *
 * @param scopes internal scopes it may request (not API token scopes)
 * @param disabledAt set once disabled; it then gets no more tokens
 */
public record ServiceClient(
    String clientId,
    String serviceName,
    List<String> scopes,
    Instant createdAt,
    Instant disabledAt) {

  /** The services that may hold an identity (and be an audience). */
  public static final Set<String> SERVICES =
      Set.of(
          Backend.GATEWAY.serviceName(),
          Backend.SYNC.serviceName(),
          Backend.SCANNING.serviceName(),
          Backend.SECRETS.serviceName(),
          Backend.REPO_CONFIG.serviceName());

  public static final int MAX_SCOPES = 32;

  public ServiceClient {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(serviceName, "serviceName");
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public static boolean isValidClientId(String id) {
    return id != null && id.matches("[a-z0-9][a-z0-9-]{0,62}");
  }

  /** Internal scope names: lower-case words joined by ':', '.', '_' or '-'. */
  public static boolean isValidScope(String scope) {
    return scope != null && scope.matches("[a-z0-9][a-z0-9_.:-]{0,63}");
  }
}
