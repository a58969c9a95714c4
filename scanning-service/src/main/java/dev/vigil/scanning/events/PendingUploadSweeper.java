package dev.vigil.scanning.events;

import dev.vigil.scanning.config.ScanningConfig;
import dev.vigil.scanning.persistence.ProcessingStore;
import dev.vigil.scanning.service.UploadProcessor;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Safety net for uploads left pending: after a crash whose Kafka offset had been committed, an
 * event that never arrived, or a transient failure. At start-up and then periodically, uploads
 * pending for longer than {@code vigil.scanning.sweep.stale-after} are processed. A repository
 * another worker is busy with is skipped (that worker processes its older uploads first anyway).
 */
@ApplicationScoped
public class PendingUploadSweeper {

  private static final Logger LOG = Logger.getLogger(PendingUploadSweeper.class);

  private final DataSource dataSource;
  private final UploadProcessor processor;
  private final ScanningConfig config;

  public PendingUploadSweeper(
      DataSource dataSource, UploadProcessor processor, ScanningConfig config) {
    this.dataSource = dataSource;
    this.processor = processor;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    if (config.sweep().enabled()) {
      // Off the start-up thread: processing may take a while.
      Thread.ofVirtual().name("sarif-startup-sweep").start(this::sweep);
    }
  }

  @Scheduled(
      identity = "sarif-sweep",
      every = "${vigil.scanning.sweep.interval:60s}",
      delayed = "${vigil.scanning.sweep.interval:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    if (config.sweep().enabled()) {
      sweep();
    }
  }

  /** Sweeps with the configured staleness. */
  public int sweep() {
    return sweep(config.sweep().staleAfter());
  }

  /**
   * Processes pending uploads older than {@code staleAfter}. Blocking.
   *
   * @return how many were processed by this call
   */
  public synchronized int sweep(Duration staleAfter) {
    List<UUID> stale;
    try (Connection c = dataSource.getConnection()) {
      stale =
          ProcessingStore.stalePending(
              c, Instant.now().minus(staleAfter), config.sweep().batchSize());
    } catch (SQLException e) {
      LOG.warnf("sweep: cannot read pending uploads (%s)", e.getMessage());
      return 0;
    }
    int processed = 0;
    for (UUID id : stale) {
      if (processor.process(id, false) == UploadProcessor.Outcome.PROCESSED) {
        processed++;
      }
    }
    if (processed > 0) {
      LOG.infof("sweep: processed %d pending upload(s)", processed);
    }
    return processed;
  }
}
