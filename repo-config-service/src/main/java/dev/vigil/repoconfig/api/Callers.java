package dev.vigil.repoconfig.api;

import dev.vigil.kit.auth.VigilPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.repoconfig.service.Caller;
import dev.vigil.repoconfig.service.ServiceErrors;
import java.util.Optional;
import java.util.UUID;

/**
 * The project a public request acts on. Only the gateway-signed {@code project_id} claim counts
 * (the pinned project of the API key, or the {@code X-Project-Id} the gateway accepted for a
 * tenant-wide key); the header itself is only checked against it, never trusted on its own.
 */
final class Callers {

  static final String PROJECT_HEADER = "X-Project-Id";

  private Callers() {}

  static Caller resolve(VigilPrincipal principal, String projectHeader) {
    Optional<UUID> requested = parseHeader(projectHeader);
    UUID project =
        principal
            .projectId()
            .orElseThrow(
                () ->
                    ServiceErrors.validation(
                        PROJECT_HEADER, "is required for tenant-wide API keys"));
    if (requested.isPresent() && !requested.get().equals(project)) {
      // A project-pinned key aimed at another project (the gateway checks this too).
      throw ApiException.forbidden("API key is not valid for the requested project");
    }
    return new Caller(principal.tenantId(), project, principal.plan());
  }

  private static Optional<UUID> parseHeader(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.strip();
    try {
      UUID id = UUID.fromString(text);
      // UUID.fromString accepts "1-1-1-1-1"; only the canonical spelling names a project.
      if (id.toString().equalsIgnoreCase(text)) {
        return Optional.of(id);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw ServiceErrors.validation(PROJECT_HEADER, "must be a project id (UUID)");
  }
}
