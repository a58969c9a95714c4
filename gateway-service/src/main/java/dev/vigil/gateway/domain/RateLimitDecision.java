package dev.vigil.gateway.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The rate limiter's answer for one request, with what GitHub reports in its {@code X-RateLimit-*}
 * headers.
 *
 * @param limited false when the plan sets no limit for the resource: then there are no headers
 * @param used requests counted in the window, capped at {@code limit}
 * @param resetEpochSeconds when the window ends, UTC epoch seconds (rounded up)
 * @param resource the {@code X-RateLimit-Resource} name
 * @param retryAfterSeconds seconds until a retry can succeed; 0 when allowed
 */
public record RateLimitDecision(
    boolean allowed,
    boolean limited,
    long limit,
    long remaining,
    long used,
    long resetEpochSeconds,
    String resource,
    long retryAfterSeconds) {

  public RateLimitDecision {
    Objects.requireNonNull(resource, "resource");
  }

  public static RateLimitDecision unlimited(RateResource resource) {
    return new RateLimitDecision(true, false, 0, 0, 0, 0, resource.headerValue(), 0);
  }

  /** Response headers, GitHub's names; {@code Retry-After} only on a refusal. */
  public Map<String, String> headers() {
    if (!limited) {
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-RateLimit-Limit", Long.toString(limit));
    headers.put("X-RateLimit-Remaining", Long.toString(remaining));
    headers.put("X-RateLimit-Reset", Long.toString(resetEpochSeconds));
    headers.put("X-RateLimit-Used", Long.toString(used));
    headers.put("X-RateLimit-Resource", resource);
    if (!allowed) {
      headers.put("Retry-After", Long.toString(retryAfterSeconds));
    }
    return headers;
  }
}
