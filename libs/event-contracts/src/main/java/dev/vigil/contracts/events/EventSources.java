package dev.vigil.contracts.events;

/** CloudEvents {@code source} values of Vigil's producers, so every producer spells them alike. */
public final class EventSources {

  /** repo-config-service: {@code repo.*} events. */
  public static final String REPO_CONFIG = "/vigil/repo-config-service";

  /** sync-service: {@code sync.attempt.*} and {@code detection-rule.*} events. */
  public static final String SYNC = "/vigil/sync-service";

  /** scanning-service: {@code code-scanning-alert.*} and {@code sarif.received} events. */
  public static final String SCANNING = "/vigil/scanning-service";

  /** secrets-service: {@code secret-incident.*} events. */
  public static final String SECRETS = "/vigil/secrets-service";

  private EventSources() {}
}
