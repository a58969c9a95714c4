package dev.vigil.contracts.events;

import java.util.List;

/** Every Kafka topic Vigil uses, in one place. Versioned: a breaking change gets a new topic. */
public final class Topics {

  /** repo-config's repository connections; key = repo connection id. */
  public static final String REPOS = "vigil.repos.v1";

  /** sync-service's sync attempts and detection rules; key = sync source id. */
  public static final String SYNC = "vigil.sync.v1";

  /** Alert lifecycle from scanning and secrets; key = tenant id + "/" + alert id. */
  public static final String ALERTS = "vigil.alerts.v1";

  /**
   * scanning-service's SARIF work queue; key = repository (so one repository's uploads stay in
   * order).
   */
  public static final String SCANNING_SARIF = "vigil.scanning.sarif.v1";

  /** All topics, for broker set-up and the AsyncAPI check. */
  public static final List<String> ALL = List.of(REPOS, SYNC, ALERTS, SCANNING_SARIF);

  /** Partitions each topic is created with by ./vigil up and the test kit. */
  public static final int PARTITIONS = 3;

  private Topics() {}
}
