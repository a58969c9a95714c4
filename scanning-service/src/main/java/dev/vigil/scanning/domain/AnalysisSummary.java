package dev.vigil.scanning.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What one run contributes as a GitHub analysis, known before its results are emitted.
 *
 * @param runIndex index of the run in the file.
 * @param tool the driver (name falls back to the upload's {@code tool_name}, then "API").
 * @param category analysis category from automationDetails.id ("" when none).
 * @param automationId automationDetails.id as written, or null.
 * @param totalResults results in the SARIF run.
 * @param resultsCount results kept (GitHub's {@code results_count}).
 * @param rulesCount rules of the driver and all extensions ({@code rules_count}).
 * @param dropped what was left out under GitHub's limits.
 */
public record AnalysisSummary(
    int runIndex,
    ToolInfo tool,
    String category,
    String automationId,
    int totalResults,
    int resultsCount,
    int rulesCount,
    Dropped dropped) {

  /**
   * Counts of entries ignored under GitHub's "only the top N are included" limits.
   *
   * @param results results beyond the kept results of the run (least severe first).
   * @param locations locations beyond the kept locations of kept results.
   * @param threadFlowLocations code flow steps beyond the kept steps of kept results.
   * @param tags rule tags beyond the kept tags per rule.
   */
  public record Dropped(int results, int locations, int threadFlowLocations, int tags) {

    /** Nothing dropped. */
    public static final Dropped NONE = new Dropped(0, 0, 0, 0);

    /** True when something was dropped. */
    public boolean any() {
      return results + locations + threadFlowLocations + tags > 0;
    }
  }

  /**
   * GitHub's analysis {@code warning}: one sentence per kind of dropped data (GitHub's own example:
   * "123 results were ignored"), joined by "; ", or "" when nothing was dropped.
   */
  public String warning() {
    List<String> parts = new ArrayList<>();
    if (dropped.results() > 0) {
      parts.add(
          dropped.results()
              + " results were ignored because the run has more results than are kept;"
              + " the "
              + resultsCount
              + " most severe results were kept");
    }
    if (dropped.locations() > 0) {
      parts.add(
          dropped.locations()
              + " locations were ignored because some results have more locations than are"
              + " kept");
    }
    if (dropped.threadFlowLocations() > 0) {
      parts.add(
          dropped.threadFlowLocations()
              + " thread flow locations were ignored because some results have more than are"
              + " kept; the most important were kept");
    }
    if (dropped.tags() > 0) {
      parts.add(
          dropped.tags()
              + " rule tags were ignored because some rules have more tags than are kept");
    }
    return String.join("; ", parts);
  }
}
