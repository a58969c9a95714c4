package dev.vigil.gateway.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer: a GitGuardian workspace, a Scanner tenant, a GitHub enterprise.
 *
 * @param slug the tenant's GitHub enterprise slug ({@link TenantSlug})
 * @param plan its rate-limit plan ({@link RateLimitPlans})
 * @param workspaceId GitGuardian's integer workspace id
 */
public record Tenant(UUID id, String slug, String plan, long workspaceId, Instant createdAt) {
  public Tenant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Plan names: lower-case letters, digits, '_' and '-', at most 32 (as the schema checks). */
  public static boolean isValidPlan(String plan) {
    return plan != null && plan.matches("[a-z0-9_-]{1,32}");
  }
}
