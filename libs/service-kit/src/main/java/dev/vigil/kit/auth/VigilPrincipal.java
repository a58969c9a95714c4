package dev.vigil.kit.auth;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, as the gateway vouched for it in the internal JWT.
 *
 * @param tenantId the caller's tenant; every query filters by it
 * @param memberId the member the API token belongs to; empty for service identities
 * @param tokenId the API token used; empty for service identities
 * @param scopes the token's scopes
 * @param projectId the project the request is bound to, if any
 * @param plan the tenant's plan, for quotas
 * @param service the calling service's name when this is a service identity
 */
public record VigilPrincipal(
    UUID tenantId,
    Optional<Long> memberId,
    Optional<UUID> tokenId,
    Set<String> scopes,
    Optional<UUID> projectId,
    String plan,
    Optional<String> service) {

  public VigilPrincipal {
    scopes = Set.copyOf(scopes);
  }

  public boolean hasAnyScope(String... wanted) {
    return Arrays.stream(wanted).anyMatch(scopes::contains);
  }

  public boolean isService() {
    return service.isPresent();
  }
}
