package dev.vigil.scanning.domain;

/**
 * The analysis category and run id carried by {@code run.automationDetails.id}, split as GitHub
 * documents: everything before the last {@code /} is the category, the rest the run id; an id
 * without {@code /} is only a run id (no category). The category never has a trailing slash.
 *
 * @param category the category, empty when there is none.
 * @param runId the run id, empty when there is none.
 */
public record AnalysisCategory(String category, String runId) {

  /** No category, no run id. */
  public static final AnalysisCategory NONE = new AnalysisCategory("", "");

  /** Validates the components. */
  public AnalysisCategory {
    category = category == null ? "" : category;
    runId = runId == null ? "" : runId;
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
    return new AnalysisCategory(id.substring(0, slash), id.substring(slash + 1));
  }
}
