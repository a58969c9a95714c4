package dev.vigil.platform;

import java.time.Duration;
import java.util.Optional;

/**
 * A platform call failed. The message names the platform, method, URL (without query) and status;
 * it never contains credentials, Authorization headers or response bodies.
 */
public final class PlatformException extends RuntimeException {

  /** What went wrong, in terms a caller can act on. */
  public enum Kind {
    /** 401, or 403 that is not rate limiting: credentials rejected or lacking permission. */
    UNAUTHORIZED,
    /** 404 or 410; platforms also answer 404 for private repositories the caller cannot see. */
    NOT_FOUND,
    /** 429, or 403 with an exhausted rate limit; see {@link #retryAfter()}. */
    RATE_LIMITED,
    /** 5xx, timeout, connection or I/O failure: worth retrying later. */
    UNAVAILABLE,
    /** The platform answered something unexpected (bad JSON, odd status, redirect loop). */
    INVALID_RESPONSE,
    /** The response is larger than the caller's limit (archive past {@code maxBytes}). */
    TOO_LARGE
  }

  private final Kind kind;
  private final Platform platform;
  private final int status;
  private final Duration retryAfter;

  /**
   * @param status HTTP status, or 0 when there was no HTTP answer
   * @param retryAfter when to retry, if the platform said; null otherwise
   */
  public PlatformException(
      Kind kind,
      Platform platform,
      int status,
      Duration retryAfter,
      String message,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.platform = platform;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  PlatformException(Kind kind, Platform platform, int status, String message) {
    this(kind, platform, status, null, message, null);
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /** The platform that failed. */
  public Platform platform() {
    return platform;
  }

  /** The HTTP status, or 0 when there was no HTTP answer (timeout, connection failure). */
  public int status() {
    return status;
  }

  /** How long the platform asked us to wait (Retry-After or rate-limit reset), if it did. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether the same call may succeed later without a change (RATE_LIMITED, UNAVAILABLE). */
  public boolean isRetryable() {
    return kind == Kind.RATE_LIMITED || kind == Kind.UNAVAILABLE;
  }
}
