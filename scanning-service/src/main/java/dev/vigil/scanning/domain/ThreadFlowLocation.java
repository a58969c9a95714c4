package dev.vigil.scanning.domain;

/**
 * One step of a code flow ({@code codeFlows[].threadFlows[].locations[]}).
 *
 * @param threadFlow index of the thread flow within the result, counting across code flows.
 * @param step index of the step within its thread flow.
 * @param location the step's location.
 * @param importance {@code essential}, {@code important} (SARIF default) or {@code unimportant}.
 */
public record ThreadFlowLocation(
    int threadFlow, int step, SarifLocation location, String importance) {

  /** Priority used when GitHub's 1,000-step cap forces a choice: essential first. */
  int priority() {
    return switch (importance == null ? "important" : importance) {
      case "essential" -> 2;
      case "unimportant" -> 0;
      default -> 1;
    };
  }
}
