package dev.vigil.sync.domain.rules;

/**
 * One rejected rule file.
 *
 * @param checkStatus which check failed
 * @param reason a message fit to show, with {@code line: N, column: M} where the place is known
 */
public record RuleFailure(CheckStatus checkStatus, String reason) {

  static RuleFailure inRule(String message, SafeYaml.Position at) {
    return new RuleFailure(
        CheckStatus.ErrorInRule, at == null ? message : message + " (" + at + ")");
  }
}
