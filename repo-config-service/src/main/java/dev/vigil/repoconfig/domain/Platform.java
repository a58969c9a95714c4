package dev.vigil.repoconfig.domain;

import java.util.Optional;

/** A source-code platform a connection can point at, with its wire name from the API. */
public enum Platform {
  GITHUB("github", CredentialKind.TOKEN, true),
  GITLAB("gitlab", CredentialKind.TOKEN, true),
  // Bitbucket Cloud only: Data Center has a different API, so no baseUrl.
  BITBUCKET("bitbucket", CredentialKind.APP_PASSWORD, false);

  private final String wireName;
  private final CredentialKind credentialKind;
  private final boolean supportsBaseUrl;

  Platform(String wireName, CredentialKind credentialKind, boolean supportsBaseUrl) {
    this.wireName = wireName;
    this.credentialKind = credentialKind;
    this.supportsBaseUrl = supportsBaseUrl;
  }

  /** The exact lower-case value used in JSON bodies and in the {@code platform} column. */
  public String wireName() {
    return wireName;
  }

  public CredentialKind credentialKind() {
    return credentialKind;
  }

  public boolean supportsBaseUrl() {
    return supportsBaseUrl;
  }

  /** Exact, case-sensitive match: the API only accepts the lower-case names. */
  public static Optional<Platform> fromWireName(String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (Platform p : values()) {
      if (p.wireName.equals(value)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
