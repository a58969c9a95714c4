package dev.vigil.secrets.api;

/** What ggshield prints after finding a secret, per hook; served by {@code /v1/metadata}. */
final class Remediation {

  static final String PRE_COMMIT =
      "> How to remediate\n\n  The secret was found before the commit was made:\n"
          + "  1. replace it with a reference (for example an environment variable);\n"
          + "  2. commit again.\n";

  static final String PRE_PUSH =
      "> How to remediate\n\n  The secret was found before the push, after the commit:\n"
          + "  1. rewrite the history so that no commit holds the secret;\n"
          + "  2. push again.\n";

  static final String PRE_RECEIVE =
      "> How to remediate\n\n  The server refused the push because it holds a secret:\n"
          + "  1. rewrite the history so that no commit holds the secret;\n"
          + "  2. push again.\n";

  private Remediation() {}
}
