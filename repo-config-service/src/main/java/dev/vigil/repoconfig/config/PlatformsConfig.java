package dev.vigil.repoconfig.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Where and how repository metadata is fetched. A connection's own {@code baseUrl} (GitHub
 * Enterprise Server, self-managed GitLab) wins over the bases here; tests point them at local
 * fakes.
 */
@ConfigMapping(prefix = "vigil.repo-config.platforms")
public interface PlatformsConfig {

  /** GitHub REST API base. */
  @WithDefault("https://api.github.com")
  String githubApiBase();

  /** GitLab root; {@code /api/v4} is appended. */
  @WithDefault("https://gitlab.com")
  String gitlabBase();

  /** Bitbucket Cloud REST API base. */
  @WithDefault("https://api.bitbucket.org/2.0")
  String bitbucketApiBase();

  /** Bitbucket Cloud web base (archives). */
  @WithDefault("https://bitbucket.org")
  String bitbucketWebBase();

  /** Time allowed to open a connection to a platform. */
  @WithDefault("PT5S")
  Duration connectTimeout();

  /** Time allowed for a platform's answer. */
  @WithDefault("PT15S")
  Duration readTimeout();

  /** Repository metadata requests in flight at once, across all connections. */
  @WithDefault("4")
  int parallelism();
}
