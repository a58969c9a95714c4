package dev.vigil.kit.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the outbox relay. */
@ConfigMapping(prefix = "vigil.outbox")
public interface OutboxConfig {

  /** Whether this replica runs a relay at all. */
  @WithDefault("true")
  boolean enabled();

  /** How long the relay sleeps when there is nothing to publish. */
  @WithDefault("PT0.1S")
  Duration pollInterval();

  /** Rows published per transaction. */
  @WithDefault("500")
  int batchSize();

  /** Upper bound of the exponential back-off while Kafka or PostgreSQL is unavailable. */
  @WithDefault("PT5S")
  Duration maxBackoff();

  /** Published rows older than this are deleted. */
  @WithDefault("P7D")
  Duration retention();
}
