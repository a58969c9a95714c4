package dev.vigil.gateway.security;

import java.util.Objects;

/** The result of authenticating a request's {@code Authorization} header. */
public sealed interface AuthOutcome {

  record Authenticated(Caller caller) implements AuthOutcome {
    public Authenticated {
      Objects.requireNonNull(caller, "caller");
    }
  }

  /** 401. The reason is for metrics and debug logs; clients all get the same answer. */
  record Rejected(Reason reason) implements AuthOutcome {
    public enum Reason {
      MISSING,
      /** More than one {@code Authorization} header: which one counts is ambiguous. */
      DUPLICATED,
      MALFORMED,
      BAD_CHECKSUM,
      UNKNOWN,
      EXPIRED,
      REVOKED
    }
  }

  /** The token store could not be reached: 503, never a 401 that would look like a bad key. */
  record Unavailable() implements AuthOutcome {}
}
