package dev.vigil.gateway.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * GitGuardian's API token status. It is derived from the timestamps, never stored, so a token
 * expires on time without a background job.
 */
public enum TokenStatus {
  ACTIVE("active"),
  EXPIRED("expired"),
  REVOKED("revoked");

  private final String value;

  TokenStatus(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static Optional<TokenStatus> fromValue(String value) {
    return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
  }

  /**
   * The status at {@code now}. Revocation wins over expiry: an explicit act is the more useful
   * answer, and it is what GitGuardian's sample token (revoked, no expiry) shows. Both bounds are
   * inclusive: a token is expired from its {@code expireAt} instant on.
   *
   * @param expireAt null for a token that never expires
   * @param revokedAt null while not revoked
   */
  public static TokenStatus statusAt(Instant now, Instant expireAt, Instant revokedAt) {
    Objects.requireNonNull(now, "now");
    if (revokedAt != null && !now.isBefore(revokedAt)) {
      return REVOKED;
    }
    if (expireAt != null && !now.isBefore(expireAt)) {
      return EXPIRED;
    }
    return ACTIVE;
  }

  @Override
  public String toString() {
    return value;
  }
}
