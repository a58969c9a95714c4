package dev.vigil.repoconfig.service;

import java.util.Objects;
import java.util.UUID;

/**
 * Who a public request acts for, as established from the gateway's JWT: the tenant, the project the
 * request is bound to and the tenant's plan (for quotas).
 */
public record Caller(UUID tenantId, UUID projectId, String plan) {

  public Caller {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(projectId, "projectId");
  }
}
