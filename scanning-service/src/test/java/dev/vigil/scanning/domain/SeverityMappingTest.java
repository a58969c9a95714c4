package dev.vigil.scanning.domain;

import static dev.vigil.scanning.domain.SarifTestSupport.log;
import static dev.vigil.scanning.domain.SarifTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GitHub's severity rules: rule.severity from levels, security_severity_level from the score. */
class SeverityMappingTest {

  @ParameterizedTest(name = "security-severity {0} -> {1}")
  @CsvSource(
      nullValues = "null",
      value = {
        // GitHub: None 0.0, Low 0.1–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0
        "0.0, null",
        "0.1, LOW",
        "3, LOW",
        "3.9, LOW",
        "3.95, LOW",
        "4.0, MEDIUM",
        "5, MEDIUM",
        "6.9, MEDIUM",
        "7.0, HIGH",
        "8.9, HIGH",
        "8.99, HIGH",
        "9.0, CRITICAL",
        "9.8, CRITICAL",
        "10.0, CRITICAL",
        "10.1, null",
        "-1, null",
        "high, null",
        "null, null"
      })
  void securitySeverityLevels(String score, SecuritySeverityLevel expected) {
    assertThat(SecuritySeverityLevel.fromScore(SecuritySeverityLevel.parseScore(score)))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "result level {0}, kind {1}, rule default {2} -> {3}")
  @CsvSource(
      nullValues = "null",
      value = {
        "error, null, note, ERROR",
        "note, null, error, NOTE",
        "none, null, error, NONE",
        "null, null, error, ERROR",
        "null, null, note, NOTE",
        "null, null, null, WARNING",
        "null, fail, null, WARNING",
        "null, pass, error, NONE",
        "null, informational, null, NONE",
        "warning, open, null, WARNING",
        "bogus, null, null, WARNING"
      })
  void effectiveLevel(String level, String kind, String ruleDefault, Level expected) {
    SarifRule rule =
        ruleDefault == null
            ? null
            : new SarifRule(
                "r",
                null,
                null,
                null,
                null,
                null,
                null,
                Level.fromSarif(ruleDefault),
                null,
                null,
                null,
                null,
                -1,
                0,
                null);
    assertThat(Level.effective(Level.fromSarif(level), kind, rule)).isEqualTo(expected);
  }

  @Test
  void ranksSecuritySeveritiesAboveLevels() {
    int[] ranks = {
      RunIndex.severityRank(Level.NOTE, SecuritySeverityLevel.CRITICAL),
      RunIndex.severityRank(Level.NOTE, SecuritySeverityLevel.HIGH),
      RunIndex.severityRank(Level.NOTE, SecuritySeverityLevel.MEDIUM),
      RunIndex.severityRank(Level.NOTE, SecuritySeverityLevel.LOW),
      RunIndex.severityRank(Level.ERROR, null),
      RunIndex.severityRank(Level.WARNING, null),
      RunIndex.severityRank(Level.NOTE, null),
      RunIndex.severityRank(Level.NONE, null)
    };
    for (int i = 1; i < ranks.length; i++) {
      assertThat(ranks[i - 1]).isGreaterThan(ranks[i]);
    }
  }

  @Test
  void parsedResultsCarryBothSeverities() {
    String rules =
        "{\"id\":\"sec\",\"defaultConfiguration\":{\"level\":\"error\"},"
            + "\"properties\":{\"security-severity\":\"9.8\",\"tags\":[\"security\"]}},"
            + "{\"id\":\"num\",\"properties\":{\"security-severity\":7.5}},"
            + "{\"id\":\"quality\",\"defaultConfiguration\":{\"level\":\"note\"}}";
    String results =
        SarifTestSupport.result("sec", null, "a", "a.js", 1)
            + ","
            + SarifTestSupport.result("num", "note", "b", "a.js", 2)
            + ","
            + SarifTestSupport.result("quality", null, "c", "a.js", 3)
            + ","
            + SarifTestSupport.result("unknown", null, "d", "a.js", 4);
    var c = parse(log(SarifTestSupport.run("T", rules, results)));
    assertThat(c.results())
        .extracting(SarifResult::level, SarifResult::securitySeverityLevel)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Level.ERROR, SecuritySeverityLevel.CRITICAL),
            org.assertj.core.groups.Tuple.tuple(Level.NOTE, SecuritySeverityLevel.HIGH),
            org.assertj.core.groups.Tuple.tuple(Level.NOTE, null),
            org.assertj.core.groups.Tuple.tuple(Level.WARNING, null));
    assertThat(Level.ERROR.wireName()).isEqualTo("error");
    assertThat(SecuritySeverityLevel.CRITICAL.wireName()).isEqualTo("critical");
  }
}
