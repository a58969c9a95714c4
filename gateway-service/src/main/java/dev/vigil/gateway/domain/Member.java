package dev.vigil.gateway.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A person (or service account) of a tenant; API tokens act as a member. */
public record Member(long id, UUID tenantId, String email, MemberRole role, Instant createdAt) {
  public Member {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The same rule as the schema: 3 to 320 characters with an '@' after the first. */
  public static boolean isValidEmail(String email) {
    return email != null
        && email.length() >= 3
        && email.length() <= 320
        && email.indexOf('@') > 0
        && email.chars().noneMatch(c -> c <= ' ');
  }
}
