package dev.vigil.gateway.domain;

import java.time.InstantSource;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts requests per (API token, rate resource) in fixed windows that start at the token's first
 * request, as GitHub's do, so resets are spread over time instead of every client retrying at the
 * top of the hour.
 *
 * <p>Lock-free on the hot path: a map lookup and an atomic increment; a window is replaced by
 * compare-and-set when it has ended. Exact within a window: with limit N, exactly N concurrent
 * requests are allowed. At a window boundary a request racing the replacement may be counted in the
 * old window; that errs by at most the number of racing threads, once per window.
 *
 * <p>State is per gateway instance: with several replicas, each enforces the limit on the requests
 * it sees. Call {@link #purgeExpired()} periodically to drop idle tokens' windows.
 */
public final class FixedWindowRateLimiter {

  private record Key(UUID tokenId, RateResource resource) {}

  private static final class Window {
    final long endMillis;
    final AtomicLong count = new AtomicLong();

    Window(long startMillis, long lengthMillis) {
      this.endMillis = startMillis + lengthMillis;
    }
  }

  private final InstantSource clock;
  private final ConcurrentHashMap<Key, Window> windows = new ConcurrentHashMap<>();

  public FixedWindowRateLimiter(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Counts one request and says whether it may proceed. */
  public RateLimitDecision tryAcquire(UUID tokenId, RateResource resource, RateLimitPolicy policy) {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(resource, "resource");
    RateLimitPolicy.Limit limit = policy.limitFor(resource).orElse(null);
    if (limit == null) {
      return RateLimitDecision.unlimited(resource);
    }
    long now = clock.millis();
    long length = limit.window().toMillis();
    Key key = new Key(tokenId, resource);
    Window window = current(key, now, length);
    long count = window.count.incrementAndGet();
    boolean allowed = count <= limit.requests();
    long resetSeconds = ceilDiv(window.endMillis, 1000);
    return new RateLimitDecision(
        allowed,
        true,
        limit.requests(),
        Math.max(0, limit.requests() - count),
        Math.min(count, limit.requests()),
        resetSeconds,
        resource.headerValue(),
        allowed ? 0 : Math.max(1, ceilDiv(window.endMillis - now, 1000)));
  }

  private Window current(Key key, long now, long length) {
    while (true) {
      Window window = windows.get(key);
      // Only the end is checked: a thread whose clock reading is a little older than the window's
      // start still belongs in it, and must not reset the count.
      if (window != null && now < window.endMillis) {
        return window;
      }
      Window fresh = new Window(now, length);
      boolean installed =
          window == null
              ? windows.putIfAbsent(key, fresh) == null
              : windows.replace(key, window, fresh);
      if (installed) {
        return fresh;
      }
      // Another thread created or renewed the window first: use theirs.
    }
  }

  /** Drops windows that have ended; returns how many. */
  public int purgeExpired() {
    long now = clock.millis();
    int before = windows.size();
    windows.values().removeIf(w -> now >= w.endMillis);
    return before - windows.size();
  }

  /** Number of (token, resource) windows held. */
  public int size() {
    return windows.size();
  }

  private static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }
}
