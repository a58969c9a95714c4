package dev.vigil.scanning.domain;

/**
 * Count limits of a SARIF upload. {@link #GITHUB} holds the values of GitHub's upload-sarif
 * description: above a {@code max} the analysis is rejected ({@link
 * SarifException.Reason#LIMIT_EXCEEDED}); above a {@code kept} value the extra entries are ignored,
 * keeping the most important ones, and counted in {@link AnalysisSummary.Dropped}.
 *
 * @param maxRunsPerFile runs per file (GitHub: 20).
 * @param maxResultsPerRun results per run (GitHub: 25,000).
 * @param keptResultsPerRun results included per run, by severity (GitHub: 5,000).
 * @param maxRulesPerRun rules per run, driver and extensions together (GitHub: 25,000).
 * @param maxExtensionsPerRun tool extensions per run (GitHub: 100).
 * @param maxThreadFlowLocationsPerResult thread flow locations per result (GitHub: 10,000).
 * @param keptThreadFlowLocationsPerResult thread flow locations included (GitHub: 1,000).
 * @param maxLocationsPerResult locations per result (GitHub: 1,000).
 * @param keptLocationsPerResult locations included (GitHub: 100).
 * @param maxTagsPerRule tags per rule (GitHub: 20).
 * @param keptTagsPerRule tags included (GitHub: 10).
 * @param maxMetadataChars Vigil's own guard, not a GitHub limit: characters of run metadata (rule
 *     texts, artifact and base URIs) held between the two passes over the file.
 */
public record SarifLimits(
    int maxRunsPerFile,
    int maxResultsPerRun,
    int keptResultsPerRun,
    int maxRulesPerRun,
    int maxExtensionsPerRun,
    int maxThreadFlowLocationsPerResult,
    int keptThreadFlowLocationsPerResult,
    int maxLocationsPerResult,
    int keptLocationsPerResult,
    int maxTagsPerRule,
    int keptTagsPerRule,
    long maxMetadataChars) {

  /** GitHub's documented limits, plus a 64 M-character metadata guard. */
  public static final SarifLimits GITHUB =
      new SarifLimits(
          20, 25_000, 5_000, 25_000, 100, 10_000, 1_000, 1_000, 100, 20, 10, 64_000_000L);

  /** Checks that every kept value is within its maximum. */
  public SarifLimits {
    if (keptResultsPerRun > maxResultsPerRun
        || keptThreadFlowLocationsPerResult > maxThreadFlowLocationsPerResult
        || keptLocationsPerResult > maxLocationsPerResult
        || keptTagsPerRule > maxTagsPerRule) {
      throw new IllegalArgumentException("a kept limit exceeds its maximum");
    }
  }

  /** These limits with another metadata guard. */
  public SarifLimits withMaxMetadataChars(long chars) {
    return new SarifLimits(
        maxRunsPerFile,
        maxResultsPerRun,
        keptResultsPerRun,
        maxRulesPerRun,
        maxExtensionsPerRun,
        maxThreadFlowLocationsPerResult,
        keptThreadFlowLocationsPerResult,
        maxLocationsPerResult,
        keptLocationsPerResult,
        maxTagsPerRule,
        keptTagsPerRule,
        chars);
  }
}
