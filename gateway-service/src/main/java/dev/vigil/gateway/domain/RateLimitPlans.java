package dev.vigil.gateway.domain;

import java.util.Map;
import java.util.Objects;

/**
 * The configured plans. Unknown plan names get the fallback plan's policy, never "unlimited": a
 * typo in a tenant's plan must not lift its limits.
 */
public record RateLimitPlans(Map<String, RateLimitPolicy> plans, String fallbackPlan) {

  public static final String FREE = "free";
  public static final String TEAM = "team";
  public static final String ENTERPRISE = "enterprise";
  public static final String UNLIMITED = "unlimited";

  public RateLimitPlans {
    plans = Map.copyOf(plans);
    Objects.requireNonNull(fallbackPlan, "fallbackPlan");
    if (!plans.containsKey(fallbackPlan)) {
      throw new IllegalArgumentException("fallback plan " + fallbackPlan + " is not configured");
    }
  }

  /**
   * Vigil's defaults. GitHub's figures are GitHub's own: 5,000 requests an hour per token, 15,000
   * for Enterprise Cloud, and 1,000 SARIF uploads an hour. The per-minute budgets for the other
   * APIs are Vigil's choice (no vendor publishes one that applies here).
   */
  public static RateLimitPlans defaults() {
    return new RateLimitPlans(
        Map.of(
            FREE, RateLimitPolicy.of(FREE, 5_000, 1_000, 300),
            TEAM, RateLimitPolicy.of(TEAM, 5_000, 1_000, 1_200),
            ENTERPRISE, RateLimitPolicy.of(ENTERPRISE, 15_000, 1_000, 6_000),
            UNLIMITED, RateLimitPolicy.unlimited(UNLIMITED)),
        FREE);
  }

  public RateLimitPolicy policyFor(String plan) {
    RateLimitPolicy policy = plan == null ? null : plans.get(plan);
    return policy != null ? policy : plans.get(fallbackPlan);
  }
}
