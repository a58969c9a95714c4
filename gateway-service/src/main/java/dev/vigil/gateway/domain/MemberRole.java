package dev.vigil.gateway.domain;

import java.util.Arrays;
import java.util.Optional;

/** A member's access level in a tenant: GitGuardian's four workspace roles. */
public enum MemberRole {
  OWNER("owner"),
  MANAGER("manager"),
  MEMBER("member"),
  RESTRICTED("restricted");

  private final String value;

  MemberRole(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static Optional<MemberRole> fromValue(String value) {
    return Arrays.stream(values()).filter(r -> r.value.equals(value)).findFirst();
  }

  @Override
  public String toString() {
    return value;
  }
}
