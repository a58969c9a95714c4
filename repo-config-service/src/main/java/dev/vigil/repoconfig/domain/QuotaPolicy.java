package dev.vigil.repoconfig.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Repositories-per-project quota. Limits come from {@link Plans#DEFAULT_REPO_LIMITS}, overridden
 * (or extended with new plans) by configuration; a negative value means unlimited.
 *
 * <p>The count to compare against is {@code project_repo_count.repo_count}, read with {@code SELECT
 * ... FOR UPDATE} in the same transaction that inserts the repositories.
 */
public final class QuotaPolicy {

  private final Map<String, Integer> limits;

  /** Default limits only. */
  public QuotaPolicy() {
    this(Map.of());
  }

  /**
   * @param overrides plan name (any case) to limit; {@code null} values and negative values mean
   *     unlimited
   */
  public QuotaPolicy(Map<String, Integer> overrides) {
    Objects.requireNonNull(overrides, "overrides");
    Map<String, Integer> merged = new HashMap<>(Plans.DEFAULT_REPO_LIMITS);
    overrides.forEach(
        (plan, limit) -> {
          String key = Plans.normalize(plan);
          if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("quota override with an empty plan name");
          }
          merged.put(key, limit == null ? Plans.NO_LIMIT : limit);
        });
    this.limits = Map.copyOf(merged);
  }

  /**
   * Limit for {@code plan}, empty when unlimited. An unknown or missing plan gets the free limit: a
   * misconfigured tenant should fail closed, not get unlimited repositories.
   */
  public OptionalInt limitFor(String plan) {
    String key = Plans.normalize(plan);
    Integer limit = key == null ? null : limits.get(key);
    if (limit == null) {
      limit = limits.get(Plans.FREE);
    }
    return Plans.toLimit(limit);
  }

  /** Whether a project already holding {@code current} repositories may add {@code adding}. */
  public boolean allows(String plan, int current, int adding) {
    if (current < 0 || adding < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    OptionalInt limit = limitFor(plan);
    return limit.isEmpty() || (long) current + adding <= limit.getAsInt();
  }
}
