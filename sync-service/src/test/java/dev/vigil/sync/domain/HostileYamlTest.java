package dev.vigil.sync.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.sync.domain.rules.CheckStatus;
import dev.vigil.sync.domain.rules.InputLimitExceeded;
import dev.vigil.sync.domain.rules.RuleValidator;
import dev.vigil.sync.domain.rules.SyncConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Rule files built to hurt the parser are refused quickly: beyond a safety limit as {@link
 * InputLimitExceeded} (the whole request is refused), otherwise as rule errors.
 */
class HostileYamlTest {

  private static final String HEADER = RuleValidator.SCHEMA_HEADER + "\n";

  private static String reason(String text) {
    var outcome = RuleValidator.validate(text, Optional.empty());
    assertThat(outcome.failure()).isNotNull();
    assertThat(outcome.failure().checkStatus()).isEqualTo(CheckStatus.ErrorInRule);
    return outcome.failure().reason();
  }

  private static String refusal(String text) {
    try {
      RuleValidator.validate(text, Optional.empty());
    } catch (InputLimitExceeded e) {
      return e.getMessage();
    }
    throw new AssertionError("not refused as a limit");
  }

  // levels of lists, each holding `width` aliases of the previous level
  private static String aliasBomb(int levels, int width) {
    StringBuilder yaml = new StringBuilder(HEADER + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < levels; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      yaml.append(("*a" + (i - 1) + ", ").repeat(width - 1)).append("*a").append(i - 1);
      yaml.append("]\n");
    }
    return yaml.toString();
  }

  @Test
  void anAliasBombIsRefusedAsALimitNotARuleError() {
    assertThat(refusal(aliasBomb(10, 10)))
        .isEqualTo(
            "YAML document exceeds a limit: Number of aliases for non-scalar nodes exceeds the"
                + " specified max=50");
    // Within the alias count (40) but 111,111 nodes once expanded.
    assertThat(refusal(aliasBomb(5, 10))).startsWith("YAML document expands to more than 100000");
    assertThatThrownBy(() -> SyncConfig.parse(aliasBomb(10, 10)))
        .isInstanceOf(InputLimitExceeded.class);
  }

  @Test
  void deepNestingIsRefused() {
    assertThat(refusal(HEADER + "name: " + "[".repeat(60) + "]".repeat(60) + "\n"))
        .contains("Nesting Depth exceeded max 50");
  }

  @Test
  void aMegabyteQueryIsRefused() {
    String text =
        HEADER
            + "name: n\ndescription: d\nseverity: Low\ntime_range_s: 60\nrun_frequency_s: 60\n"
            + "query_text: \""
            + "a".repeat(1024 * 1024)
            + "\"\n";
    assertThat(refusal(text)).isEqualTo("rule file is larger than 256 KiB");
  }

  @Test
  void aQueryAboveItsLimitInsideTheFileLimitIsRefused() {
    String text =
        HEADER
            + "name: n\ndescription: d\nseverity: Low\ntime_range_s: 60\nrun_frequency_s: 60\n"
            + "query_text: \""
            + "a ".repeat(40_000)
            + "\"\n";
    assertThat(refusal(text))
        .isEqualTo("query_text is longer than 65536 characters (line: 7, column: 13)");
  }

  @Test
  void typeTagsAreNotConstructed() {
    String text =
        HEADER
            + "name: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n";
    assertThat(reason(text)).contains("Global tag is not allowed");
    assertThat(reason(HEADER + "name: !custom x\n")).contains("unsupported YAML tag !custom");
  }

  @Test
  void malformedYamlNamesTheLine() {
    assertThat(reason(HEADER + "name: a\n  bad: [\n")).contains("line: ");
  }
}
