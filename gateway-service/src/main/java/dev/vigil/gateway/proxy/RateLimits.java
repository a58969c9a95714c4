package dev.vigil.gateway.proxy;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.domain.RateLimitDecision;
import dev.vigil.gateway.domain.RateLimitPlans;
import dev.vigil.gateway.domain.RateLimitPolicy;
import dev.vigil.gateway.domain.RateResource;
import dev.vigil.gateway.domain.TenantRateLimiter;
import dev.vigil.gateway.persistence.RateLimitStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Request budgets per tenant by plan: the built-in plans of {@link RateLimitPlans#defaults()}
 * overlaid with {@code vigil.gateway.rate-limits.plans.*}. Counted locally on the request path
 * ({@link TenantRateLimiter}) and shared through PostgreSQL every {@code sync-interval} on a thread
 * of its own, so all tokens of a tenant on all replicas draw on one budget. While the database is
 * unreachable each replica goes on with its own counts and the last totals it read.
 */
@Singleton
public class RateLimits {

  private static final Logger LOG = Logger.getLogger(RateLimits.class);

  /** Windows served this recently are re-read even when this replica sent nothing for them. */
  private static final long WATCH_MILLIS = 10_000;

  /** The longest window (GitHub's hour) plus a margin: older counter rows are deleted. */
  private static final long KEEP_MILLIS = Duration.ofHours(2).toMillis();

  private final TenantRateLimiter limiter = new TenantRateLimiter(InstantSource.system());
  private final RateLimitPlans plans;
  private final RateLimitStore store;
  private final Duration syncInterval;
  private ScheduledExecutorService syncer;
  private long lastFailureLogMillis;

  public RateLimits(GatewayConfig config, RateLimitStore store) {
    this.plans = plans(config.rateLimits());
    this.store = store;
    this.syncInterval = config.rateLimits().syncInterval();
  }

  public RateLimitDecision tryAcquire(UUID tenantId, RateResource resource, String plan) {
    return limiter.tryAcquire(tenantId, resource, plans.policyFor(plan));
  }

  void start(@Observes StartupEvent event) {
    syncer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "vigil-rate-limit-sync");
              thread.setDaemon(true);
              return thread;
            });
    long every = Math.max(10, syncInterval.toMillis());
    syncer.scheduleWithFixedDelay(this::sync, every, every, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (syncer != null) {
      syncer.shutdown();
      try {
        syncer.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sync(); // hand this replica's last counts to the others
    }
  }

  /** One round trip when this replica served requests, one more when it only watches windows. */
  void sync() {
    try {
      List<TenantRateLimiter.Delta> sent = limiter.pending();
      List<TenantRateLimiter.Total> totals = new ArrayList<>(store.add(sent));
      totals.addAll(store.read(limiter.watched(WATCH_MILLIS)));
      limiter.synced(sent, totals);
    } catch (Exception e) {
      long now = System.currentTimeMillis();
      if (now - lastFailureLogMillis > 60_000) {
        lastFailureLogMillis = now;
        LOG.warnf(
            "rate-limit counters could not be shared (%s); counting locally until the database"
                + " answers",
            e.getMessage());
      }
    }
  }

  @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void purge() {
    limiter.purgeExpired();
    try {
      store.deleteStartedBefore(System.currentTimeMillis() - KEEP_MILLIS);
    } catch (Exception e) {
      LOG.debugf("rate-limit purge failed: %s", e.getMessage());
    }
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
