package dev.vigil.scanning.domain;

import java.util.List;

/**
 * A run's metadata, complete before any of its results is emitted.
 *
 * @param index index of the run in the file.
 * @param tool the driver.
 * @param extensions {@code tool.extensions}, in order.
 * @param category analysis category and run id from automationDetails.id.
 * @param sourceRoot the root used to make absolute URIs relative: the upload's {@code
 *     checkout_uri}, else the run's first {@code invocations[].workingDirectory.uri}; null if
 *     neither.
 * @param rules driver rules then each extension's rules.
 * @param summary analysis summary (counts, dropped data, warning).
 */
public record SarifRun(
    int index,
    ToolInfo tool,
    List<ToolInfo> extensions,
    AnalysisCategory category,
    SourceRoot sourceRoot,
    List<SarifRule> rules,
    AnalysisSummary summary) {

  /** Copies the lists. */
  public SarifRun {
    extensions = List.copyOf(extensions);
    rules = List.copyOf(rules);
  }
}
