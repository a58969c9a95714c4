package dev.vigil.sync.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * GitHub-polled sync: where credentials and archives come from. sync-service's own identity (for
 * repo-config's credentials endpoint) is service-kit's {@code vigil.service-identity.*}; polling is
 * off without it.
 */
@ConfigMapping(prefix = "vigil.sync.polling")
public interface PollingConfig {

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
