package dev.vigil.sync.api;

/** The gateway scopes sync-service checks again on every request. */
final class Scopes {

  /** Push rules, manage sync sources, trigger syncs. */
  static final String SYNC = "detection_rules:sync";

  /** Read sync sources, attempts and materialized rules. */
  static final String READ = "detection_rules:read";

  private Scopes() {}
}
