package dev.vigil.sync.domain.rules;

/** Why a rule file was rejected, with the names Scanner's sync answers and Actions print. */
public enum CheckStatus {
  /** The YAML or a rule field is invalid. */
  ErrorInRule,
  /** The query does not parse. */
  ErrorInQuery,
  /** An inline test did not give its expected detection result. */
  FailedTests
}
