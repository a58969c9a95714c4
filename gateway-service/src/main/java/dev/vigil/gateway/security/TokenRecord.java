package dev.vigil.gateway.security;

import dev.vigil.gateway.domain.Principal;
import dev.vigil.gateway.domain.TokenStatus;
import java.time.Instant;

/**
 * What authentication keeps of a stored token for the cache's short life: the caller it
 * authenticates, built once per lookup (not per request), and the timestamps its status is
 * evaluated from per request, so a token expires on time even while cached.
 */
record TokenRecord(Caller caller, Instant expireAt, Instant revokedAt) {

  /** The token's holder: its tenant, member, role, id, effective scopes and project. */
  Principal.TokenHolder holder() {
    return caller.holder();
  }

  TokenStatus statusAt(Instant now) {
    return TokenStatus.statusAt(now, expireAt, revokedAt);
  }
}
