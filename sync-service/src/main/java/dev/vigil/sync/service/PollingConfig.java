package dev.vigil.sync.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** GitHub-polled sync: where tokens, credentials and archives come from. */
@ConfigMapping(prefix = "vigil.sync.polling")
public interface PollingConfig {

  /** The gateway's client-credentials endpoint (management port, cluster only). */
  @WithDefault("http://localhost:9080/oauth/token")
  String tokenUrl();

  /** sync-service's service-client id at the gateway; polling is off without it. */
  Optional<String> clientId();

  /** Its client secret (a Secret in Kubernetes, config/application.properties locally). */
  Optional<String> clientSecret();

  /** repo-config-service's base URL (its internal credentials endpoint). */
  @WithDefault("http://localhost:8084")
  String repoConfigUrl();

  /** GitHub's REST API base for connections without their own base URL (tests point it away). */
  @WithDefault("https://api.github.com")
  String githubApiBase();

  /** Largest repository archive fetched, in bytes. */
  @WithDefault("52428800")
  long maxArchiveBytes();

  /** Whether this replica runs the 5-minute schedule (one replica at a time does, by lock). */
  @WithDefault("true")
  boolean scheduleEnabled();
}
