package dev.vigil.gateway.domain;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One request budget per tenant and {@link RateResource}, whatever token it uses and whichever
 * gateway replica it reaches: the model GitHub applies per user across all of its tokens.
 *
 * <p>Windows are fixed, {@code limit.window()} long, and shifted by an offset derived from the
 * tenant id, so every replica computes the same window without asking anyone while tenants' resets
 * are spread over the hour instead of all falling at its top.
 *
 * <p>Counting is local first and shared soon after: a request is admitted when the shared total
 * last read from the store plus this replica's not yet synced requests is within the limit; {@link
 * #pending()} and {@link #synced} move the local counts to the store (every replica adds its own,
 * reads everyone's). Within one replica the limit is exact; across N replicas a tenant can exceed
 * it by at most what the other replicas admit in one sync interval before they learn the total.
 *
 * <p>The {@code unlimited} plan is counted locally only (GitHub routes still report {@code
 * X-RateLimit-*}, with {@link RateLimitPolicy#NOMINAL_UNLIMITED} as their limit) and never refused.
 */
public final class TenantRateLimiter {

  /** Requests of one window to add to the store. */
  public record Delta(UUID tenantId, RateResource resource, long windowStartMillis, long count) {}

  /** The store's total for a window after adding a delta (every replica's requests). */
  public record Total(UUID tenantId, RateResource resource, long windowStartMillis, long count) {}

  private record Key(UUID tenantId, RateResource resource) {}

  private static final class Window {
    final long startMillis;
    final long endMillis;
    final boolean shared;
    final AtomicLong unsynced = new AtomicLong();
    volatile long sharedTotal;
    volatile long lastRequestMillis;

    Window(long startMillis, long lengthMillis, boolean shared) {
      this.startMillis = startMillis;
      this.endMillis = startMillis + lengthMillis;
      this.shared = shared;
    }
  }

  private final InstantSource clock;
  private final ConcurrentHashMap<Key, Window> windows = new ConcurrentHashMap<>();

  public TenantRateLimiter(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Counts one request of the tenant and says whether it may proceed. */
  public RateLimitDecision tryAcquire(
      UUID tenantId, RateResource resource, RateLimitPolicy policy) {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(resource, "resource");
    RateLimitPolicy.Limit limit = policy.limitFor(resource).orElse(null);
    boolean enforced = limit != null;
    if (!enforced) {
      if (!resource.isGitHub()) {
        return RateLimitDecision.unlimited(resource);
      }
      limit = RateLimitPolicy.Limit.perHour(RateLimitPolicy.NOMINAL_UNLIMITED);
    }
    long now = clock.millis();
    long length = limit.window().toMillis();
    Window window = current(new Key(tenantId, resource), now, length, enforced);
    long count = window.sharedTotal + window.unsynced.incrementAndGet();
    window.lastRequestMillis = now;
    boolean allowed = !enforced || count <= limit.requests();
    return new RateLimitDecision(
        allowed,
        true,
        limit.requests(),
        Math.max(0, limit.requests() - count),
        Math.min(count, limit.requests()),
        ceilDiv(window.endMillis, 1000),
        resource.headerValue(),
        allowed ? 0 : Math.max(1, ceilDiv(window.endMillis - now, 1000)));
  }

  /** The start of the tenant's window that holds {@code nowMillis}. */
  static long windowStart(UUID tenantId, long nowMillis, long lengthMillis) {
    long offset = Math.floorMod(tenantId.getLeastSignificantBits(), lengthMillis);
    return nowMillis - Math.floorMod(nowMillis - offset, lengthMillis);
  }

  private Window current(Key key, long now, long length, boolean shared) {
    while (true) {
      Window window = windows.get(key);
      if (window != null && now < window.endMillis && now >= window.startMillis) {
        return window;
      }
      if (window != null && now < window.startMillis) {
        return window; // a clock reading a little older than the window's start still belongs in it
      }
      Window fresh = new Window(windowStart(key.tenantId(), now, length), length, shared);
      boolean installed =
          window == null
              ? windows.putIfAbsent(key, fresh) == null
              : windows.replace(key, window, fresh);
      if (installed) {
        return fresh;
      }
    }
  }

  /** This replica's requests not yet in the store, per current shared window. */
  public List<Delta> pending() {
    List<Delta> deltas = new ArrayList<>();
    windows.forEach(
        (key, window) -> {
          long count = window.unsynced.get();
          if (window.shared && count > 0) {
            deltas.add(new Delta(key.tenantId(), key.resource(), window.startMillis, count));
          }
        });
    return deltas;
  }

  /**
   * Records a sync: {@code sent} were added to the store, which answered {@code totals}. The total
   * is published before the sent counts leave the local part, so an estimate is never low.
   */
  public void synced(List<Delta> sent, List<Total> totals) {
    for (Total total : totals) {
      Window window = windows.get(new Key(total.tenantId(), total.resource()));
      if (window != null && window.startMillis == total.windowStartMillis()) {
        window.sharedTotal = Math.max(window.sharedTotal, total.count());
      }
    }
    for (Delta delta : sent) {
      Window window = windows.get(new Key(delta.tenantId(), delta.resource()));
      if (window != null && window.startMillis == delta.windowStartMillis()) {
        window.unsynced.addAndGet(-delta.count());
      }
    }
  }

  /**
   * Shared windows this replica sent nothing for but served within {@code recentMillis}: their
   * totals are re-read, so what other replicas admitted is seen here too (count 0).
   */
  public List<Delta> watched(long recentMillis) {
    List<Delta> watched = new ArrayList<>();
    long now = clock.millis();
    windows.forEach(
        (key, window) -> {
          if (window.shared
              && window.unsynced.get() == 0
              && now < window.endMillis
              && now - window.lastRequestMillis <= recentMillis) {
            watched.add(new Delta(key.tenantId(), key.resource(), window.startMillis, 0));
          }
        });
    return watched;
  }

  /** Drops windows that have ended; returns how many. */
  public int purgeExpired() {
    long now = clock.millis();
    int before = windows.size();
    windows.values().removeIf(w -> now >= w.endMillis);
    return before - windows.size();
  }

  public int size() {
    return windows.size();
  }

  private static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }
}
