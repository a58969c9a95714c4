package dev.vigil.repoconfig.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code Idempotency-Key} handling. */
@ConfigMapping(prefix = "vigil.repo-config.idempotency")
public interface IdempotencyConfig {

  /** How long a completed key replays its first response. */
  @WithDefault("PT24H")
  Duration ttl();

  /**
   * How long an in-flight key blocks retries (409) before it counts as abandoned, e.g. after a
   * crash between claiming the key and answering.
   */
  @WithDefault("PT5M")
  Duration inFlightLease();

  /** Interval of the purge of expired keys (Quarkus scheduler syntax). */
  @WithDefault("1h")
  String purgeEvery();
}
