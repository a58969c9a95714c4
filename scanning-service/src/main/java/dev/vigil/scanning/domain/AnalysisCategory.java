package dev.vigil.scanning.domain;

/**
 * The analysis category and run id carried by {@code run.automationDetails.id}, split as GitHub
 * documents: everything up to and including the last {@code /} is the category ({@code
 * frontend/run1} → {@code frontend/}), the rest the run id; an id without {@code /} is only a run
 * id (no category).
 *
 * @param category the category, empty when there is none.
 * @param runId the run id, empty when there is none.
 */
public record AnalysisCategory(String category, String runId) {

  /** No category, no run id. */
  public static final AnalysisCategory NONE = new AnalysisCategory("", "");

  /** Validates the components. */
  public AnalysisCategory {
    category = category == null ? "" : SarifStrings.identifier("automationDetails.id", category);
    runId = runId == null ? "" : SarifStrings.identifier("automationDetails.id", runId);
  }

  /** Splits an automationDetails.id (null gives {@link #NONE}). */
  public static AnalysisCategory fromAutomationId(String id) {
    if (id == null || id.isEmpty()) {
      return NONE;
    }
    int slash = id.lastIndexOf('/');
    if (slash < 0) {
      return new AnalysisCategory("", id);
    }
    return new AnalysisCategory(id.substring(0, slash + 1), id.substring(slash + 1));
  }
}
