package dev.vigil.gateway.domain;

import java.util.Optional;
import java.util.UUID;

/**
 * Decides, after authentication, whether a principal may call a route: its scope, operator-only
 * routes and the project binding of project-scoped (SigSentry) routes. Whether the project exists
 * in the caller's tenant is the owning service's check (a project of another tenant must be a 404
 * there, not a 403 here).
 */
public final class RequestAuthorizer {

  private RequestAuthorizer() {}

  /**
   * @param projectHeader the raw {@code X-Project-Id} header, if sent
   */
  public static AccessDecision authorize(
      Principal principal, Route route, Optional<String> projectHeader) {
    return switch (principal) {
      case Principal.Operator operator ->
          route.access() instanceof Access.OperatorOnly
              ? new AccessDecision.Granted(Optional.empty())
              : denied(AccessDecision.Denied.Reason.NOT_A_TENANT_MEMBER);
      case Principal.TokenHolder holder -> authorizeToken(holder, route, projectHeader);
    };
  }

  private static AccessDecision authorizeToken(
      Principal.TokenHolder holder, Route route, Optional<String> projectHeader) {
    switch (route.access()) {
      case Access.OperatorOnly operatorOnly -> {
        return denied(AccessDecision.Denied.Reason.OPERATOR_ONLY);
      }
      case Access.RequiresScope(Scope scope) -> {
        if (!holder.scopes().satisfies(scope)) {
          return new AccessDecision.Denied(
              AccessDecision.Denied.Reason.MISSING_SCOPE, Optional.of(scope));
        }
      }
      case Access.Authenticated authenticated -> {}
    }
    Optional<String> header = projectHeader.map(String::strip).filter(h -> !h.isEmpty());
    Optional<UUID> requested = Optional.empty();
    if (header.isPresent()) {
      requested = parseUuid(header.get());
      if (requested.isEmpty()) {
        return denied(AccessDecision.Denied.Reason.INVALID_PROJECT_ID);
      }
    }
    if (holder.projectId().isPresent()) {
      // A pinned token is confined to its project on every route, not only project-scoped ones.
      if (requested.isPresent() && !requested.equals(holder.projectId())) {
        return denied(AccessDecision.Denied.Reason.PROJECT_MISMATCH);
      }
      return new AccessDecision.Granted(holder.projectId());
    }
    if (route.projectScoped() && requested.isEmpty()) {
      return denied(AccessDecision.Denied.Reason.PROJECT_REQUIRED);
    }
    return new AccessDecision.Granted(route.projectScoped() ? requested : Optional.empty());
  }

  /**
   * Strict canonical UUID (8-4-4-4-12 hex). {@link UUID#fromString} also accepts short forms such
   * as {@code 1-1-1-1-1}, which would give one project two spellings.
   */
  static Optional<UUID> parseUuid(String text) {
    if (text.length() != 36) {
      return Optional.empty();
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (dash ? c != '-' : !hex) {
        return Optional.empty();
      }
    }
    return Optional.of(UUID.fromString(text));
  }

  private static AccessDecision denied(AccessDecision.Denied.Reason reason) {
    return new AccessDecision.Denied(reason, Optional.empty());
  }
}
