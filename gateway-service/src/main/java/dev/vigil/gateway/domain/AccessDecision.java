package dev.vigil.gateway.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Whether an authenticated principal may call a route, and on which project. */
public sealed interface AccessDecision {

  /**
   * @param projectId the project the request is bound to (pinned token or {@code X-Project-Id}),
   *     for the internal JWT's {@code project_id}
   */
  record Granted(Optional<UUID> projectId) implements AccessDecision {
    public Granted {
      Objects.requireNonNull(projectId, "projectId");
    }
  }

  /**
   * @param missingScope set when {@code reason} is {@link Reason#MISSING_SCOPE}
   */
  record Denied(Reason reason, Optional<Scope> missingScope) implements AccessDecision {

    public enum Reason {
      /** The token lacks the route's scope: 403. */
      MISSING_SCOPE(GatewayError.FORBIDDEN),
      /** An operator-only route called with an API token: 403. */
      OPERATOR_ONLY(GatewayError.FORBIDDEN),
      /** The operator called a tenant's API; it belongs to no tenant: 403. */
      NOT_A_TENANT_MEMBER(GatewayError.FORBIDDEN),
      /** A project-pinned token named another project in {@code X-Project-Id}: 403. */
      PROJECT_MISMATCH(GatewayError.FORBIDDEN),
      /** A project-scoped route, an unpinned token and no {@code X-Project-Id}: 400. */
      PROJECT_REQUIRED(GatewayError.BAD_REQUEST),
      /** {@code X-Project-Id} is not a UUID: 400. */
      INVALID_PROJECT_ID(GatewayError.BAD_REQUEST);

      private final GatewayError error;

      Reason(GatewayError error) {
        this.error = error;
      }

      public GatewayError error() {
        return error;
      }
    }

    public Denied {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(missingScope, "missingScope");
    }

    public GatewayError error() {
      return reason.error();
    }
  }
}
