package dev.vigil.kit.repos;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where and how a read model of {@code vigil.repos.v1} asks repo-config on a miss. */
@ConfigMapping(prefix = "vigil.repo-lookup")
public interface RepositoryLookupConfig {

  /**
   * repo-config's base URL, e.g. {@code http://repo-config:8084}. Unset (or no service identity)
   * turns the lookup off: a read-model miss is then final.
   */
  Optional<String> repoConfigUrl();

  /** How long a "connected" answer is reused. */
  @WithDefault("PT30S")
  Duration positiveTtl();

  /**
   * How long a "not connected" answer is reused: briefly, so that a repository connected right
   * after a miss is found on the next try.
   */
  @WithDefault("PT2S")
  Duration negativeTtl();

  /** Timeout of one lookup. */
  @WithDefault("PT2S")
  Duration timeout();

  /** Answers kept at most (the cache starts over above it). */
  @WithDefault("10000")
  int maxEntries();
}
