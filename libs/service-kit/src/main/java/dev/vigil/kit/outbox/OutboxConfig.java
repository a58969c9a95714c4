package dev.vigil.kit.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Settings of the outbox relay. */
@ConfigMapping(prefix = "vigil.outbox")
public interface OutboxConfig {

  /** Whether this replica runs a relay at all. */
  @WithDefault("true")
  boolean enabled();

  /**
   * Whether the relay is woken by PostgreSQL {@code LISTEN/NOTIFY} at each commit that appends
   * events (a trigger on {@code outbox_event}). Polling every {@link #pollInterval()} stays as the
   * fallback, and is all there is when this is off or the listening connection is lost.
   */
  @WithDefault("true")
  boolean listen();

  /** How long the relay waits for a notification, or sleeps without one, when idle. */
  @WithDefault("PT1S")
  Duration pollInterval();

  /** Rows published per transaction. */
  @WithDefault("500")
  int batchSize();

  /**
   * Work-item topics: each batch takes their pending rows first, so one transaction's thousands of
   * other events do not delay the next work item. Per-key order holds, since a key lives in one
   * topic.
   */
  @WithDefault("vigil.scanning.sarif.v1")
  List<String> priorityTopics();

  /** Upper bound of the exponential back-off while Kafka or PostgreSQL is unavailable. */
  @WithDefault("PT5S")
  Duration maxBackoff();

  /** Published rows older than this are deleted. */
  @WithDefault("P7D")
  Duration retention();

  /** Readiness reports DOWN while an unpublished event is older than this. */
  @WithDefault("PT5M")
  Duration maxBacklogAge();
}
