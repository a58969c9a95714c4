package dev.vigil.repoconfig.domain;

/** How a connection authenticates; stored in {@code repo_connection.credential_kind}. */
public enum CredentialKind {
  TOKEN("token"),
  APP_PASSWORD("app_password");

  private final String dbValue;

  CredentialKind(String dbValue) {
    this.dbValue = dbValue;
  }

  public String dbValue() {
    return dbValue;
  }
}
