package dev.vigil.gateway.proxy;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.domain.FixedWindowRateLimiter;
import dev.vigil.gateway.domain.RateLimitDecision;
import dev.vigil.gateway.domain.RateLimitPlans;
import dev.vigil.gateway.domain.RateLimitPolicy;
import dev.vigil.gateway.domain.RateResource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Per-token request budgets by tenant plan: the built-in plans of {@link RateLimitPlans#defaults()}
 * overlaid with {@code vigil.gateway.rate-limits.plans.*}. Counted per gateway replica.
 */
@ApplicationScoped
public class RateLimits {

  private final FixedWindowRateLimiter limiter = new FixedWindowRateLimiter(InstantSource.system());
  private final RateLimitPlans plans;

  public RateLimits(GatewayConfig config) {
    this.plans = plans(config.rateLimits());
  }

  public RateLimitDecision tryAcquire(UUID tokenId, RateResource resource, String plan) {
    return limiter.tryAcquire(tokenId, resource, plans.policyFor(plan));
  }

  @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void purge() {
    limiter.purgeExpired();
  }

  static RateLimitPlans plans(GatewayConfig.RateLimits config) {
    RateLimitPlans defaults = RateLimitPlans.defaults();
    Map<String, RateLimitPolicy> merged = new HashMap<>(defaults.plans());
    RateLimitPolicy free = defaults.policyFor(RateLimitPlans.FREE);
    config
        .plans()
        .forEach(
            (name, plan) -> {
              if (plan.unlimited()) {
                merged.put(name, RateLimitPolicy.unlimited(name));
                return;
              }
              RateLimitPolicy base = merged.getOrDefault(name, free);
              merged.put(
                  name,
                  RateLimitPolicy.of(
                      name,
                      plan.githubPerHour().orElse(requests(base, RateResource.CORE)),
                      plan.sarifUploadsPerHour()
                          .orElse(requests(base, RateResource.CODE_SCANNING_UPLOAD)),
                      plan.othersPerMinute().orElse(requests(base, RateResource.GITGUARDIAN))));
            });
    return new RateLimitPlans(merged, config.fallbackPlan());
  }

  private static long requests(RateLimitPolicy policy, RateResource resource) {
    return policy.limitFor(resource).map(RateLimitPolicy.Limit::requests).orElse(Long.MAX_VALUE);
  }
}
