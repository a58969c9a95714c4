package dev.vigil.gateway.domain;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A plan's request budgets per API token, one per {@link RateResource}. A resource without a limit
 * is unlimited; the {@code unlimited} plan has none at all.
 *
 * @param plan the plan name as stored on the tenant
 */
public record RateLimitPolicy(String plan, Map<RateResource, Limit> limits) {

  /** {@code requests} per {@code window}, counted from the token's first request in the window. */
  public record Limit(long requests, Duration window) {
    public Limit {
      Objects.requireNonNull(window, "window");
      if (requests <= 0) {
        throw new IllegalArgumentException("requests must be positive");
      }
      if (window.toMillis() < 1000) {
        throw new IllegalArgumentException("window must be at least one second");
      }
    }

    public static Limit perHour(long requests) {
      return new Limit(requests, Duration.ofHours(1));
    }

    public static Limit perMinute(long requests) {
      return new Limit(requests, Duration.ofMinutes(1));
    }
  }

  /**
   * The limit GitHub routes report on the unlimited plan, which is never enforced: GitHub's clients
   * expect the headers, and a figure no client reaches reads as "no limit".
   */
  public static final long NOMINAL_UNLIMITED = 1_000_000;

  public RateLimitPolicy {
    Objects.requireNonNull(plan, "plan");
    limits = Map.copyOf(limits);
  }

  /**
   * The usual shape: GitHub's hourly budgets (core, and SARIF uploads apart as GitHub does), and
   * one per-minute budget applied to each of the other families separately.
   */
  public static RateLimitPolicy of(
      String plan, long gitHubPerHour, long sarifUploadsPerHour, long othersPerMinute) {
    Map<RateResource, Limit> limits = new EnumMap<>(RateResource.class);
    limits.put(RateResource.CORE, Limit.perHour(gitHubPerHour));
    limits.put(RateResource.CODE_SCANNING_UPLOAD, Limit.perHour(sarifUploadsPerHour));
    for (RateResource resource :
        new RateResource[] {
          RateResource.GITGUARDIAN, RateResource.SIGSENTRY, RateResource.SCANNER, RateResource.VIGIL
        }) {
      limits.put(resource, Limit.perMinute(othersPerMinute));
    }
    return new RateLimitPolicy(plan, limits);
  }

  public static RateLimitPolicy unlimited(String plan) {
    return new RateLimitPolicy(plan, Map.of());
  }

  public Optional<Limit> limitFor(RateResource resource) {
    return Optional.ofNullable(limits.get(resource));
  }

  public boolean isUnlimited() {
    return limits.isEmpty();
  }
}
