package dev.vigil.scanning.domain;

import java.util.List;

/**
 * The outcome of parsing one SARIF file: one analysis per run.
 *
 * @param version the SARIF version (always 2.1.0; others are rejected).
 * @param analyses one summary per run, in file order.
 */
public record SarifParseReport(String version, List<AnalysisSummary> analyses) {

  /** Copies the list. */
  public SarifParseReport {
    analyses = List.copyOf(analyses);
  }

  /** Kept results over all runs. */
  public int resultsCount() {
    return analyses.stream().mapToInt(AnalysisSummary::resultsCount).sum();
  }

  /** Results in the file over all runs, kept or not. */
  public int totalResults() {
    return analyses.stream().mapToInt(AnalysisSummary::totalResults).sum();
  }
}
