package dev.vigil.gateway.domain;

import java.util.Arrays;
import java.util.Optional;

/** GitGuardian's API token types, with their wire names. */
public enum TokenType {
  /** Belongs to a member and acts as them. */
  PERSONAL_ACCESS_TOKEN("personal_access_token"),
  /** Belongs to the workspace (a service account member), for CI and integrations. */
  SERVICE_ACCOUNT("service_account");

  private final String value;

  TokenType(String value) {
    this.value = value;
  }

  /** The JSON / database spelling. */
  public String value() {
    return value;
  }

  public static Optional<TokenType> fromValue(String value) {
    return Arrays.stream(values()).filter(t -> t.value.equals(value)).findFirst();
  }

  @Override
  public String toString() {
    return value;
  }
}
