package dev.vigil.scanning.service;

import dev.vigil.contracts.events.EventType;
import dev.vigil.scanning.config.ScanningConfig;
import dev.vigil.scanning.domain.AnalysisSummary;
import dev.vigil.scanning.domain.SarifException;
import dev.vigil.scanning.domain.SarifLimits;
import dev.vigil.scanning.domain.SarifParseOptions;
import dev.vigil.scanning.domain.SarifPayload;
import dev.vigil.scanning.domain.SarifRun;
import dev.vigil.scanning.domain.SarifSource;
import dev.vigil.scanning.domain.SarifStreamParser;
import dev.vigil.scanning.domain.ServiceMappings;
import dev.vigil.scanning.events.AlertEventBatches;
import dev.vigil.scanning.persistence.AlertEntity;
import dev.vigil.scanning.persistence.ProcessingStore;
import dev.vigil.scanning.persistence.ProcessingStore.AlertChange;
import dev.vigil.scanning.persistence.ProcessingStore.RepoContext;
import dev.vigil.scanning.persistence.ProcessingStore.UploadRow;
import dev.vigil.scanning.persistence.ResultBatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Processes stored SARIF uploads: parses each with the streaming parser (blocking, so callers run
 * it on a worker thread) and writes analyses, rules, alerts, instances, results and alert events
 * through JDBC in one transaction per upload.
 *
 * <p><b>Order and exclusion.</b> The repository's row is locked for the transaction, so one upload
 * of a repository is processed at a time across replicas, and an upload is only processed after
 * every older pending upload of its repository — whichever path (Kafka event, sweep) got there
 * first.
 *
 * <p><b>Idempotence.</b> An upload leaves {@code pending} in the same transaction that writes its
 * results; a crash rolls everything back, and processing it again (redelivered event, sweep) starts
 * from the same state. An upload that is no longer pending is skipped.
 */
@ApplicationScoped
public class UploadProcessor {

  private static final Logger LOG = Logger.getLogger(UploadProcessor.class);

  /** What became of a request to process an upload. */
  public enum Outcome {
    /** Processed now (complete or failed), with any older pending uploads of its repository. */
    PROCESSED,
    /** Already complete or failed. */
    NOT_PENDING,
    /** No such upload (e.g. an event of a deleted upload). */
    UNKNOWN,
    /** Another worker holds the repository; it will get there. */
    BUSY,
    /** A transient failure; the upload stays pending for a later attempt. */
    RETRY_LATER
  }

  private enum Step {
    TARGET_DONE,
    OLDER_DONE,
    NOTHING_PENDING,
    BUSY,
    ERROR
  }

  private final DataSource dataSource;
  private final ScanningConfig config;
  private final Timer timer;

  public UploadProcessor(DataSource dataSource, ScanningConfig config, MeterRegistry registry) {
    this.dataSource = dataSource;
    this.config = config;
    this.timer = registry.timer("vigil.scanning.upload.processing");
  }

  /**
   * Processes the upload (after older pending ones of its repository). Blocking.
   *
   * @param waitForRepository wait while another worker processes the repository (the Kafka path);
   *     false returns {@link Outcome#BUSY} instead (the sweep)
   */
  public Outcome process(UUID uploadId, boolean waitForRepository) {
    UploadRow target;
    try (Connection c = dataSource.getConnection()) {
      target = ProcessingStore.loadUpload(c, uploadId);
    } catch (SQLException e) {
      LOG.warnf("upload %s: could not be read (%s); will retry", uploadId, e.getMessage());
      return Outcome.RETRY_LATER;
    }
    if (target == null) {
      return Outcome.UNKNOWN;
    }
    if (!target.pending()) {
      return Outcome.NOT_PENDING;
    }
    while (true) {
      Step step = processNext(target, waitForRepository);
      switch (step) {
        case TARGET_DONE, NOTHING_PENDING -> {
          return Outcome.PROCESSED;
        }
        case BUSY -> {
          return Outcome.BUSY;
        }
        case ERROR -> {
          return Outcome.RETRY_LATER;
        }
        case OLDER_DONE -> {
          // an older upload of the repository went first; continue towards the target
        }
      }
    }
  }

  private Step processNext(UploadRow target, boolean wait) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Long nextNumber = ProcessingStore.lockRepository(c, target.repoId(), !wait);
        if (nextNumber == null) {
          c.rollback();
          return Step.BUSY;
        }
        UUID nextId =
            ProcessingStore.oldestPending(c, target.repoId(), target.createdAt(), target.id());
        if (nextId == null) {
          c.commit();
          return Step.NOTHING_PENDING;
        }
        UploadRow upload = ProcessingStore.loadUpload(c, nextId);
        Step done = nextId.equals(target.id()) ? Step.TARGET_DONE : Step.OLDER_DONE;
        int attempts = countAttempt(nextId);
        if (attempts > config.processing().maxAttempts()) {
          LOG.errorf("upload %s: giving up after %d attempts", nextId, attempts - 1);
          ProcessingStore.fail(
              c, nextId, List.of("processing failed after " + (attempts - 1) + " attempts"));
          c.commit();
          return done;
        }
        try {
          long started = System.nanoTime();
          processOne(c, upload, nextNumber);
          ProcessingStore.complete(c, nextId);
          c.commit();
          timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
          LOG.infof(
              "upload %s: complete in %d ms", nextId, (System.nanoTime() - started) / 1_000_000);
        } catch (SarifException e) {
          // The file itself is unacceptable: nothing of it is kept, the status says why.
          c.rollback();
          ProcessingStore.fail(c, nextId, List.of(e.getMessage()));
          c.commit();
          LOG.infof("upload %s: failed: %s", nextId, e.getMessage());
        }
        return done;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        LOG.warnf(
            "upload processing for repository %d failed (%s); the upload stays pending",
            target.repoId(), describe(e));
        return Step.ERROR;
      }
    } catch (SQLException e) {
      LOG.warnf("upload processing: no database connection (%s)", e.getMessage());
      return Step.ERROR;
    }
  }

  /** In its own transaction, so that an attempt that crashes the process still counts. */
  private int countAttempt(UUID uploadId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      return ProcessingStore.countAttempt(c, uploadId);
    }
  }

  private void processOne(Connection c, UploadRow upload, long nextNumber) throws SQLException {
    byte[] gzip = ProcessingStore.payload(c, upload.id());
    if (gzip == null) {
      throw new SarifException(SarifException.Reason.INVALID_SARIF, "the upload has no content");
    }
    SarifSource source =
        SarifPayload.gzipSource(
            gzip,
            new SarifPayload.Limits(
                SarifPayload.Limits.GITHUB.maxCompressedBytes(),
                config.processing().maxDecompressedBytes()));
    SarifStreamParser parser =
        new SarifStreamParser(
            new SarifParseOptions(upload.checkoutUri(), upload.toolName(), SarifLimits.GITHUB));
    if (upload.validateOnly()) {
      parser.inspect(source);
      return;
    }
    RepoContext context = ProcessingStore.repoContext(c, upload.tenantId(), upload.fullName());
    RunWriter writer = new RunWriter(c, upload, context, nextNumber);
    long started = System.nanoTime();
    try (ParsedBatches batches = ParsedBatches.start(upload.id(), parser, source)) {
      // The parser runs ahead on its own thread (two batches at most) while this one writes.
      for (ParsedBatches.Item item = batches.next();
          !(item instanceof ParsedBatches.Done);
          item = batches.next()) {
        switch (item) {
          case ParsedBatches.RunStart start -> writer.run(start.run());
          case ParsedBatches.Batch batch -> writer.write(batch.rows());
          case ParsedBatches.Done done -> throw new IllegalStateException("unreachable");
        }
      }
    } catch (UncheckedIOException e) {
      throw new SQLException("reading the stored upload failed", e);
    }
    writer.finish();
    if (LOG.isDebugEnabled()) {
      LOG.debugf("upload %s: %s", upload.id(), writer.timings(System.nanoTime() - started));
    }
  }

  private record SetKey(String toolName, String category) {}

  /** Writes one upload's runs, batch by batch, as the parser hands them over. */
  private static final class RunWriter {
    private final Connection c;
    private final UploadRow upload;
    private final RepoContext context;
    private final ServiceMappings mappings;
    private final long firstNumber;
    private long nextNumber;
    private final Map<SetKey, Long> newestAnalysisOfSet = new LinkedHashMap<>();
    private final Set<Long> seenAgain = new LinkedHashSet<>();
    private ProcessingStore.RunScope scope;
    // Where the time goes, for the DEBUG log line of each upload.
    private long applyNanos;
    private long eventNanos;
    private long finishNanos;
    private final ResultBatch.Timings batchTimings = new ResultBatch.Timings();

    RunWriter(Connection c, UploadRow upload, RepoContext context, long nextNumber) {
      this.c = c;
      this.upload = upload;
      this.context = context;
      this.mappings = ServiceMappings.parse(context.serviceMappingsJson());
      this.firstNumber = nextNumber;
      this.nextNumber = nextNumber;
    }

    void run(SarifRun run) throws SQLException {
      AnalysisSummary summary = run.summary();
      String category = summary.category();
      long analysisId =
          ProcessingStore.insertAnalysis(
              c,
              upload,
              new ProcessingStore.AnalysisValues(
                  run.index(),
                  upload.analysisKey() != null ? upload.analysisKey() : category,
                  upload.environment() != null ? upload.environment() : "{}",
                  category,
                  summary.tool().name(),
                  summary.tool().version(),
                  summary.tool().guid(),
                  summary.resultsCount(),
                  summary.rulesCount(),
                  summary.warning()));
      ProcessingStore.upsertRules(c, upload.repoId(), summary.tool().name(), run.rules());
      scope =
          new ProcessingStore.RunScope(
              upload.tenantId(),
              upload.repoId(),
              upload.id(),
              analysisId,
              upload.ref(),
              upload.commitSha(),
              ProcessingStore.clean(upload.analysisKey() != null ? upload.analysisKey() : category),
              ProcessingStore.clean(upload.environment() != null ? upload.environment() : "{}"),
              ProcessingStore.clean(category),
              ProcessingStore.clean(summary.tool().name()),
              ProcessingStore.clean(summary.tool().guid()),
              ProcessingStore.clean(summary.tool().version()));
      newestAnalysisOfSet.put(new SetKey(scope.toolName(), scope.category()), analysisId);
    }

    /** Writes a batch of the current run's results and the events of the alerts it created. */
    void write(List<ResultBatch.Row> batch) throws SQLException {
      if (batch.isEmpty()) {
        return;
      }
      long t0 = System.nanoTime();
      ResultBatch.Written written = ResultBatch.write(c, scope, batch, nextNumber, batchTimings);
      long t1 = System.nanoTime();
      nextNumber += written.created().size();
      seenAgain.addAll(written.fixedSeenAgain());
      appendEvents(EventType.CODE_SCANNING_ALERT_CREATED, written.created(), AlertEntity.OPEN);
      applyNanos += t1 - t0;
      eventNanos += System.nanoTime() - t1;
    }

    /** After the last run: numbers, fixed and reopened alerts, their events. */
    void finish() throws SQLException {
      long started = System.nanoTime();
      if (nextNumber != firstNumber) {
        ProcessingStore.advanceAlertNumbers(c, upload.repoId(), nextNumber);
      }
      List<ProcessingStore.AnalysisSet> sets = new ArrayList<>();
      newestAnalysisOfSet.forEach(
          (set, analysisId) ->
              sets.add(
                  new ProcessingStore.AnalysisSet(set.toolName(), set.category(), analysisId)));
      Set<Long> fixedHere =
          new LinkedHashSet<>(
              ProcessingStore.fixUnseen(
                  c, upload.repoId(), upload.ref(), upload.id(), upload.commitSha(), sets));
      Set<Long> affected = new LinkedHashSet<>(fixedHere);
      affected.addAll(seenAgain);
      String defaultRef =
          context.defaultBranch() == null ? null : "refs/heads/" + context.defaultBranch();
      Map<Long, Boolean> open =
          ProcessingStore.openAtHome(c, new ArrayList<>(affected), defaultRef);
      List<Long> toFix = new ArrayList<>();
      List<Long> toReopen = new ArrayList<>();
      for (Long id : affected) {
        if (Boolean.TRUE.equals(open.get(id))) {
          toReopen.add(id);
        } else {
          toFix.add(id);
        }
      }
      appendEvents(
          EventType.CODE_SCANNING_ALERT_FIXED,
          ProcessingStore.transition(c, toFix, AlertEntity.OPEN, AlertEntity.FIXED),
          AlertEntity.FIXED);
      appendEvents(
          EventType.CODE_SCANNING_ALERT_REOPENED,
          ProcessingStore.transition(c, toReopen, AlertEntity.FIXED, AlertEntity.OPEN),
          AlertEntity.OPEN);
      finishNanos = System.nanoTime() - started;
    }

    String timings(long totalNanos) {
      long other = totalNanos - applyNanos - eventNanos - finishNanos;
      return String.format(
          "parse wait %d ms, alerts/instances %d ms (%s), created events %d ms,"
              + " fixed/reopened %d ms",
          other / 1_000_000,
          applyNanos / 1_000_000,
          batchTimings,
          eventNanos / 1_000_000,
          finishNanos / 1_000_000);
    }

    /** One outbox batch row for the changes; the relay publishes an event per alert. */
    private void appendEvents(EventType type, List<AlertChange> changes, String state)
        throws SQLException {
      List<AlertEventBatches.Item> items = new ArrayList<>(changes.size());
      for (AlertChange change : changes) {
        items.add(
            new AlertEventBatches.Item(
                change.number(),
                change.ruleId(),
                change.toolName(),
                change.severity(),
                change.securitySeverityLevel(),
                mappings.serviceFor(change.path())));
      }
      AlertEventBatches.append(
          c,
          type,
          upload.tenantId(),
          upload.fullName(),
          state,
          upload.ref(),
          upload.commitSha(),
          items);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed", e);
    }
  }

  /** Type and message only: SQL errors may quote values, never the payload. */
  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
