package dev.vigil.scanning.service;

import dev.vigil.scanning.domain.SarifLimits;
import dev.vigil.scanning.domain.SarifParseOptions;
import dev.vigil.scanning.domain.SarifPayload;
import dev.vigil.scanning.domain.SarifResult;
import dev.vigil.scanning.domain.SarifRun;
import dev.vigil.scanning.domain.SarifStreamParser;
import dev.vigil.scanning.domain.SarifVisitor;
import dev.vigil.scanning.persistence.ProcessingStore;
import dev.vigil.scanning.persistence.ResultBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The kept results of one run, read back from the upload as it was stored. The SARIF view of an
 * analysis is built from them instead of from a row per result: the upload is kept anyway, and
 * writing a result row per kept result was a third of the rows upload processing wrote.
 *
 * <p>The parse uses the options processing used (the upload's checkout URI and tool name, GitHub's
 * limits), so it yields the same rows, in the same order. Blocking: run it off the event loop.
 */
public final class StoredRun {

  private StoredRun() {}

  /**
   * @param gzip the stored upload
   * @param runIndex the analysis's run in the file
   * @param maxDecompressedBytes the processing guard on the decompressed size
   */
  public static List<ResultBatch.Row> results(
      byte[] gzip, String checkoutUri, String toolName, int runIndex, long maxDecompressedBytes) {
    SarifStreamParser parser =
        new SarifStreamParser(new SarifParseOptions(checkoutUri, toolName, SarifLimits.GITHUB));
    List<ResultBatch.Row> rows = new ArrayList<>();
    parser.parse(
        SarifPayload.gzipSource(
            gzip,
            new SarifPayload.Limits(
                SarifPayload.Limits.GITHUB.maxCompressedBytes(), maxDecompressedBytes)),
        new SarifVisitor() {
          @Override
          public void run(SarifRun run) {}

          @Override
          public void result(SarifRun run, SarifResult result) {
            if (run.index() == runIndex) {
              rows.add(cleaned(ParsedBatches.row(result)));
            }
          }
        });
    return rows;
  }

  /** As processing stored them: PostgreSQL text holds no NUL, so processing dropped them. */
  private static ResultBatch.Row cleaned(ResultBatch.Row r) {
    return new ResultBatch.Row(
        r.ordinal(),
        r.digest(),
        ProcessingStore.clean(r.ruleId()),
        r.level(),
        r.securityLevel(),
        ProcessingStore.clean(r.message()),
        ProcessingStore.clean(r.path()),
        r.startLine(),
        r.endLine(),
        r.startColumn(),
        r.endColumn(),
        ProcessingStore.clean(r.fingerprint()),
        ProcessingStore.clean(r.partialFingerprints()),
        ProcessingStore.clean(r.keyRule()),
        ProcessingStore.clean(r.keyPath()));
  }
}
