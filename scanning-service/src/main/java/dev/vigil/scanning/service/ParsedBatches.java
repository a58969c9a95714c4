package dev.vigil.scanning.service;

import dev.vigil.scanning.domain.SarifLocation;
import dev.vigil.scanning.domain.SarifRegion;
import dev.vigil.scanning.domain.SarifResult;
import dev.vigil.scanning.domain.SarifRun;
import dev.vigil.scanning.domain.SarifSource;
import dev.vigil.scanning.domain.SarifStreamParser;
import dev.vigil.scanning.domain.SarifVisitor;
import dev.vigil.scanning.persistence.ProcessingStore;
import dev.vigil.scanning.persistence.ResultBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * An upload's parse, run on a thread of its own, handed to the writing thread as runs and batches
 * of rows in document order: parsing (and building the rows) overlaps with the database writes
 * instead of alternating with them.
 *
 * <p>Memory stays bounded: at most {@link #QUEUED} batches wait while the writer works on one and
 * the parser fills the next. If the writer stops (an error, or {@link #close()} before the end),
 * the parser thread is told to stop and is waited for; a parse failure ({@code SarifException},
 * unreadable payload) is rethrown to the writer by {@link #next()}.
 */
public final class ParsedBatches implements AutoCloseable {

  /** Kept results per batch: a few round trips each, bounded memory. */
  public static final int BATCH_SIZE = 2000;

  /** Batches the parser may run ahead of the writer. */
  public static final int QUEUED = 2;

  /** What the writer receives, in document order. */
  sealed interface Item permits RunStart, Batch, Done {}

  /** A run starts: its analysis and rules come before its results. */
  public record RunStart(SarifRun run) implements Item {}

  /** Rows of the current run's kept results, in document order. */
  public record Batch(List<ResultBatch.Row> rows) implements Item {}

  /** The whole file has been handed over. */
  public record Done() implements Item {}

  private record Failed(Throwable error) {}

  private static final Item DONE = new Done();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED);
  private volatile boolean cancelled;
  private Thread thread;

  private ParsedBatches() {}

  /** Starts parsing {@code source} on a new thread. */
  public static ParsedBatches start(UUID uploadId, SarifStreamParser parser, SarifSource source) {
    ParsedBatches batches = new ParsedBatches();
    batches.thread =
        Thread.ofPlatform()
            .name("sarif-parse-" + uploadId)
            .daemon(true)
            .start(() -> batches.produce(parser, source));
    return batches;
  }

  /**
   * The next item; {@link Done} after the last. Rethrows what made the parse fail.
   *
   * @throws CancellationException if this thread is interrupted while waiting
   */
  public Item next() {
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for the parser");
    }
    if (item instanceof Failed failed) {
      switch (failed.error()) {
        case RuntimeException e -> throw e;
        case Error e -> throw e;
        default -> throw new IllegalStateException("parse failed", failed.error());
      }
    }
    return (Item) item;
  }

  /** Stops the parser if it is still running, and waits for its thread. */
  @Override
  public void close() {
    cancelled = true;
    queue.clear(); // unblocks a parser waiting for room
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the parser thread still runs (for tests). */
  public boolean parsing() {
    return thread.isAlive();
  }

  private void produce(SarifStreamParser parser, SarifSource source) {
    try {
      parser.parse(source, new Producer());
      put(DONE);
    } catch (Stopped e) {
      // the writer is gone; nobody waits for the rest
    } catch (Throwable e) { // handed to the writer, which decides
      try {
        put(new Failed(e));
      } catch (Stopped stopped) {
        // the writer is gone
      }
    }
  }

  private void put(Object item) {
    try {
      while (!cancelled) {
        if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // close(): fall through
    }
    throw new Stopped();
  }

  /** Unwinds the parser when the writer has stopped. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }

  /** Turns the parser's callbacks into items. Runs on the parser thread. */
  private final class Producer implements SarifVisitor {
    private List<ResultBatch.Row> rows = new ArrayList<>(BATCH_SIZE);

    @Override
    public void run(SarifRun run) {
      put(new RunStart(run));
    }

    @Override
    public void result(SarifRun run, SarifResult r) {
      rows.add(row(r));
      if (rows.size() == BATCH_SIZE) {
        flush();
      }
    }

    @Override
    public void runEnd(SarifRun run) {
      flush();
    }

    private void flush() {
      if (!rows.isEmpty()) {
        put(new Batch(rows));
        rows = new ArrayList<>(BATCH_SIZE);
      }
    }
  }

  /** A kept result as it is stored. */
  public static ResultBatch.Row row(SarifResult r) {
    SarifLocation location = r.location();
    SarifRegion region = location == null ? SarifRegion.EMPTY : location.region();
    return new ResultBatch.Row(
        r.ordinal(),
        ProcessingStore.digestKey(r.alertKey().digest()),
        r.ruleId(),
        r.level().wireName(),
        r.securitySeverityLevel() == null ? null : r.securitySeverityLevel().wireName(),
        r.message(),
        r.path(),
        region.startLine(),
        region.endLineOrStart(),
        region.startColumn(),
        region.endColumn(),
        r.fingerprint(),
        r.partialFingerprints().isEmpty() ? "{}" : ProcessingStore.json(r.partialFingerprints()),
        r.alertKey().ruleId(),
        r.alertKey().path());
  }
}
