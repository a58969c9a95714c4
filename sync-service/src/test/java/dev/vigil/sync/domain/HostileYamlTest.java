package dev.vigil.sync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.sync.domain.rules.CheckStatus;
import dev.vigil.sync.domain.rules.RuleValidator;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rule files built to hurt the parser are rejected as rule errors, quickly. */
class HostileYamlTest {

  private static final String HEADER = RuleValidator.SCHEMA_HEADER + "\n";

  private static String reason(String text) {
    var outcome = RuleValidator.validate(text, Optional.empty());
    assertThat(outcome.failure()).isNotNull();
    assertThat(outcome.failure().checkStatus()).isEqualTo(CheckStatus.ErrorInRule);
    return outcome.failure().reason();
  }

  @Test
  void aliasBombIsRefused() {
    StringBuilder yaml = new StringBuilder(HEADER + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      yaml.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
    }
    assertThat(reason(yaml.toString())).containsAnyOf("aliases", "expands to more than");
  }

  @Test
  void aMegabyteQueryIsRefused() {
    String text =
        HEADER
            + "name: n\ndescription: d\nseverity: Low\ntime_range_s: 60\nrun_frequency_s: 60\n"
            + "query_text: \""
            + "a".repeat(1024 * 1024)
            + "\"\n";
    assertThat(reason(text)).contains("larger than 256 KiB");
  }

  @Test
  void aLongQueryInsideTheFileLimitFailsTheSchema() {
    String text =
        HEADER
            + "name: n\ndescription: d\nseverity: Low\ntime_range_s: 60\nrun_frequency_s: 60\n"
            + "query_text: \""
            + "a ".repeat(40_000)
            + "\"\n";
    assertThat(reason(text)).contains("query_text: must be at most 65,536 characters long");
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
