package dev.vigil.scanning.service;

import dev.vigil.kit.web.RequestIds;
import dev.vigil.scanning.config.ScanningConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Starts processing an upload on the replica that stored it, right after the commit, instead of
 * waiting for its {@code sarif.received} event to travel through the outbox relay and Kafka (a
 * relay poll plus a consumer poll: about 100–250 ms of every upload's latency).
 *
 * <p>Only a head start: the event is still the durable work item. Processing here never waits for a
 * repository another worker holds ({@link UploadProcessor#process} with {@code
 * waitForRepository=false}), so ordering, exclusion and idempotence are the processor's as for any
 * other path; the event that arrives later finds the upload complete (or processes it, if this
 * attempt did not get to it). One thread, a short queue: when it is full, uploads are left to their
 * events. A crash or shutdown mid-processing rolls back as on the Kafka path, and the uncommitted
 * event or the sweep processes the upload again.
 */
@ApplicationScoped
public class LocalStart {

  private static final Logger LOG = Logger.getLogger(LocalStart.class);

  private final UploadProcessor processor;
  private final boolean enabled;
  private final ThreadPoolExecutor executor;

  public LocalStart(UploadProcessor processor, ScanningConfig config) {
    this.processor = processor;
    this.enabled = config.processing().startOnUpload();
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(16),
            Thread.ofPlatform().name("sarif-local-start").daemon(true).factory(),
            new ThreadPoolExecutor.AbortPolicy());
  }

  /** Starts processing the committed upload soon, unless that is off or the queue is full. */
  public void submit(UUID uploadId) {
    if (!enabled || executor.isShutdown()) {
      return;
    }
    // Taken on the request's context: the processing log lines carry the upload's request id.
    String requestId = RequestIds.current();
    try {
      executor.execute(() -> run(uploadId, requestId));
    } catch (RejectedExecutionException e) {
      LOG.debugf("upload %s: local queue full; left to its event", uploadId);
    }
  }

  private void run(UUID uploadId, String requestId) {
    if (requestId == null) {
      MDC.remove(RequestIds.MDC_KEY);
    } else {
      MDC.put(RequestIds.MDC_KEY, requestId);
    }
    try {
      UploadProcessor.Outcome outcome = processor.process(uploadId, false);
      LOG.debugf("upload %s: started locally: %s", uploadId, outcome);
    } catch (RuntimeException e) {
      // The event (or the sweep) will process it.
      LOG.warnf("upload %s: local processing failed (%s); left to its event", uploadId, e);
    } finally {
      MDC.remove(RequestIds.MDC_KEY);
    }
  }

  public void stop(@Observes ShutdownEvent event) {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
