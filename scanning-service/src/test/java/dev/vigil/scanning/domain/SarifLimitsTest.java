package dev.vigil.scanning.domain;

import static dev.vigil.scanning.domain.SarifTestSupport.log;
import static dev.vigil.scanning.domain.SarifTestSupport.parse;
import static dev.vigil.scanning.domain.SarifTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** GitHub's upload limits, at their real values. */
class SarifLimitsTest {

  private static final SarifLimits GH = SarifLimits.GITHUB;

  private static void assertLimit(String json) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(
            SarifException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SarifException.Reason.LIMIT_EXCEEDED);
              assertThat(e.status()).isEqualTo(413);
            });
  }

  private static String minimalResult(String ruleId, String level, int n) {
    return "{\"ruleId\":\""
        + ruleId
        + "\""
        + (level == null ? "" : ",\"level\":\"" + level + "\"")
        + ",\"message\":{\"text\":\"m"
        + n
        + "\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"f"
        + (n % 50)
        + ".c\"}}}]}";
  }

  @Test
  void documentedValues() {
    assertThat(GH.maxRunsPerFile()).isEqualTo(20);
    assertThat(GH.maxResultsPerRun()).isEqualTo(25_000);
    assertThat(GH.keptResultsPerRun()).isEqualTo(5_000);
    assertThat(GH.maxRulesPerRun()).isEqualTo(25_000);
    assertThat(GH.maxExtensionsPerRun()).isEqualTo(100);
    assertThat(GH.maxThreadFlowLocationsPerResult()).isEqualTo(10_000);
    assertThat(GH.keptThreadFlowLocationsPerResult()).isEqualTo(1_000);
    assertThat(GH.maxLocationsPerResult()).isEqualTo(1_000);
    assertThat(GH.keptLocationsPerResult()).isEqualTo(100);
    assertThat(GH.maxTagsPerRule()).isEqualTo(20);
    assertThat(GH.keptTagsPerRule()).isEqualTo(10);
  }

  @Test
  void twentyRunsPassTwentyOneAreRejected() {
    String[] runs = Collections.nCopies(20, run("T", "", "")).toArray(String[]::new);
    assertThat(parse(log(runs)).report().analyses()).hasSize(20);
    String[] tooMany = Collections.nCopies(21, run("T", "", "")).toArray(String[]::new);
    assertLimit(log(tooMany));
  }

  /**
   * 25,000 results are accepted and the 5,000 most severe kept: rank is security severity
   * (critical, high, medium, low) above level (error, warning, note, none), then document order.
   */
  @Test
  void aFullRunKeepsTheMostSevereFiveThousand() {
    String rules =
        "{\"id\":\"crit\",\"properties\":{\"security-severity\":\"9.1\"}},"
            + "{\"id\":\"high\",\"properties\":{\"security-severity\":\"7.2\"}},"
            + "{\"id\":\"low\",\"properties\":{\"security-severity\":\"2.0\"}},"
            + "{\"id\":\"err\",\"defaultConfiguration\":{\"level\":\"error\"}},"
            + "{\"id\":\"plain\"}";
    // Severe results are spread through the file so that order alone would not pick them.
    List<String> results = new ArrayList<>();
    int crit = 0;
    int high = 0;
    int low = 0;
    int err = 0;
    int noteInErrRule = 0;
    for (int i = 0; i < 25_000; i++) {
      String result;
      if (i % 25 == 7) {
        result = minimalResult("crit", "note", i); // 1,000 critical, even with a note level
        crit++;
      } else if (i % 25 == 11) {
        result = minimalResult("high", null, i); // 1,000 high
        high++;
      } else if (i % 50 == 13) {
        result = minimalResult("low", null, i); // 500 low
        low++;
      } else if (i % 10 == 3 || i % 50 == 38) {
        result = minimalResult("err", null, i); // 2,500 error by rule default
        err++;
      } else if (i % 10 == 4) {
        result = minimalResult("err", "note", i); // the result's level wins over the rule's
        noteInErrRule++;
      } else {
        result = minimalResult("plain", i % 2 == 0 ? "warning" : "note", i);
      }
      results.add(result);
    }
    assertThat(crit + high + low + err).isEqualTo(5_000);
    var c = parse(log(run("Big", rules, String.join(",", results))));

    AnalysisSummary summary = c.report().analyses().get(0);
    assertThat(summary.totalResults()).isEqualTo(25_000);
    assertThat(summary.resultsCount()).isEqualTo(5_000);
    assertThat(summary.dropped().results()).isEqualTo(20_000);
    assertThat(summary.warning())
        .isEqualTo(
            "20000 results were ignored because the run has more results than are kept; the 5000"
                + " most severe results were kept");
    assertThat(c.results()).hasSize(5_000);
    assertThat(
            c.results().stream()
                .collect(Collectors.groupingBy(SarifResult::ruleId, Collectors.counting())))
        .containsEntry("crit", 1_000L)
        .containsEntry("high", 1_000L)
        .containsEntry("low", 500L)
        .containsEntry("err", 2_500L)
        .doesNotContainKey("plain");
    assertThat(c.results()).allMatch(r -> !r.ruleId().equals("err") || r.level() == Level.ERROR);
    assertThat(c.results())
        .extracting(SarifResult::ordinal)
        .as("emitted in document order")
        .isSorted();
    assertThat(noteInErrRule).isPositive();
  }

  @Test
  void tieBreaksByScoreThenDocumentOrder() {
    // 5,001 results of equal level: the first 5,000 stay; a higher score beats an earlier result.
    String rules =
        "{\"id\":\"w\"},{\"id\":\"s1\",\"properties\":{\"security-severity\":\"1.0\"}},"
            + "{\"id\":\"s2\",\"properties\":{\"security-severity\":\"3.5\"}}";
    String results =
        IntStream.range(0, 5_001)
            .mapToObj(i -> minimalResult(i == 5_000 ? "s2" : i < 3 ? "s1" : "w", "warning", i))
            .collect(Collectors.joining(","));
    var c = parse(log(run("T", rules, results)));
    assertThat(c.results())
        .extracting(SarifResult::ordinal)
        .contains(0, 1, 2, 5_000)
        .doesNotContain(4_999);
  }

  @Test
  void moreThanTwentyFiveThousandResultsAreRejected() {
    String results =
        IntStream.range(0, 25_001)
            .mapToObj(i -> minimalResult("r", null, i))
            .collect(Collectors.joining(","));
    assertLimit(log(run("T", "", results)));
  }

  @Test
  void rulesAreCountedAcrossDriverAndExtensions() {
    String driverRules =
        IntStream.range(0, 20_000)
            .mapToObj(i -> "{\"id\":\"d" + i + "\"}")
            .collect(Collectors.joining(","));
    String extRules =
        IntStream.range(0, 5_000)
            .mapToObj(i -> "{\"id\":\"e" + i + "\"}")
            .collect(Collectors.joining(","));
    String ok =
        "{\"tool\":{\"driver\":{\"name\":\"T\",\"rules\":["
            + driverRules
            + "]},"
            + "\"extensions\":[{\"name\":\"E\",\"rules\":["
            + extRules
            + "]}]},\"results\":[]}";
    assertThat(parse(log(ok)).report().analyses().get(0).rulesCount()).isEqualTo(25_000);
    String tooMany =
        "{\"tool\":{\"driver\":{\"name\":\"T\",\"rules\":["
            + driverRules
            + "]},"
            + "\"extensions\":[{\"name\":\"E\",\"rules\":["
            + extRules
            + ",{\"id\":\"x\"}]}]},\"results\":[]}";
    assertLimit(log(tooMany));
  }

  @Test
  void moreThanAHundredExtensionsAreRejected() {
    String ext =
        IntStream.range(0, 101)
            .mapToObj(i -> "{\"name\":\"e" + i + "\"}")
            .collect(Collectors.joining(","));
    assertLimit(log("{\"tool\":{\"driver\":{\"name\":\"T\"},\"extensions\":[" + ext + "]}}"));
    String hundred =
        IntStream.range(0, 100)
            .mapToObj(i -> "{\"name\":\"e" + i + "\"}")
            .collect(Collectors.joining(","));
    assertThat(
            parse(log("{\"tool\":{\"driver\":{\"name\":\"T\"},\"extensions\":[" + hundred + "]}}"))
                .runs()
                .get(0)
                .extensions())
        .hasSize(100);
  }

  private static String resultWithLocations(int n) {
    String locations =
        IntStream.range(0, n)
            .mapToObj(
                i ->
                    "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"f"
                        + i
                        + ".c\"},\"region\":{\"startLine\":1}}}")
            .collect(Collectors.joining(","));
    return "{\"ruleId\":\"r\",\"message\":{\"text\":\"m\"},\"locations\":[" + locations + "]}";
  }

  @Test
  void locationsBeyondAHundredAreDroppedAndBeyondAThousandRejected() {
    var c = parse(log(run("T", "", resultWithLocations(150) + "," + resultWithLocations(1_000))));
    assertThat(c.results()).allSatisfy(r -> assertThat(r.locations()).hasSize(100));
    assertThat(c.results().get(0).locations().get(99).path()).isEqualTo("f99.c");
    assertThat(c.results().get(0).path()).isEqualTo("f0.c");
    assertThat(c.report().analyses().get(0).dropped().locations()).isEqualTo(50 + 900);
    assertThat(c.report().analyses().get(0).warning()).contains("950 locations were ignored");
    assertLimit(log(run("T", "", resultWithLocations(1_001))));
  }

  private static String resultWithSteps(int n, int essentialEvery) {
    String steps =
        IntStream.range(0, n)
            .mapToObj(
                i ->
                    "{\"importance\":\""
                        + (i % essentialEvery == 0
                            ? "essential"
                            : i % 2 == 0 ? "important" : "unimportant")
                        + "\",\"location\":{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"a.c\"},"
                        + "\"region\":{\"startLine\":"
                        + (i + 1)
                        + "}}}}")
            .collect(Collectors.joining(","));
    // Two thread flows in one code flow: the limit counts steps of the whole result.
    int half = steps.indexOf(",{\"importance\"", steps.length() / 2);
    return "{\"ruleId\":\"r\",\"message\":{\"text\":\"m\"},\"codeFlows\":[{\"threadFlows\":[{\"locations\":["
        + steps.substring(0, half)
        + "]},{\"locations\":["
        + steps.substring(half + 1)
        + "]}]}]}";
  }

  @Test
  void threadFlowLocationsKeepTheMostImportantThousand() {
    var c = parse(log(run("T", "", resultWithSteps(3_000, 10))));
    List<ThreadFlowLocation> steps = c.only().threadFlowLocations();
    assertThat(steps).hasSize(1_000);
    // 300 essential + 700 of the 1,350 important; no unimportant ones.
    assertThat(steps.stream().filter(s -> "essential".equals(s.importance()))).hasSize(300);
    assertThat(steps).noneMatch(s -> "unimportant".equals(s.importance()));
    assertThat(steps).extracting(s -> s.location().region().startLine()).isSorted();
    assertThat(steps.get(steps.size() - 1).threadFlow()).isEqualTo(1);
    assertThat(c.report().analyses().get(0).dropped().threadFlowLocations()).isEqualTo(2_000);
    assertThat(parse(log(run("T", "", resultWithSteps(10_000, 10)))).only().threadFlowLocations())
        .hasSize(1_000);
    assertLimit(log(run("T", "", resultWithSteps(10_001, 10))));
  }

  private static String ruleWithTags(String id, int n) {
    String tags =
        IntStream.range(0, n).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));
    return "{\"id\":\"" + id + "\",\"properties\":{\"tags\":[" + tags + "]}}";
  }

  @Test
  void tagsBeyondTenAreDroppedAndBeyondTwentyRejected() {
    var c = parse(log(run("T", ruleWithTags("a", 20) + "," + ruleWithTags("b", 3), "")));
    assertThat(c.runs().get(0).rules().get(0).tags()).hasSize(10).startsWith("t0").endsWith("t9");
    assertThat(c.runs().get(0).rules().get(1).tags()).hasSize(3);
    assertThat(c.report().analyses().get(0).dropped().tags()).isEqualTo(10);
    assertThat(c.report().analyses().get(0).warning())
        .isEqualTo("10 rule tags were ignored because some rules have more tags than are kept");
    assertLimit(log(run("T", ruleWithTags("a", 21), "")));
  }

  @Test
  void metadataGuardStopsHugeRuleTexts() {
    String big = "x".repeat(10_000);
    String rules =
        IntStream.range(0, 20)
            .mapToObj(i -> "{\"id\":\"r" + i + "\",\"help\":{\"markdown\":\"" + big + "\"}}")
            .collect(Collectors.joining(","));
    String doc = log(run("T", rules, ""));
    assertThat(parse(doc).runs().get(0).rules()).hasSize(20);
    assertThatThrownBy(
            () -> parse(doc, new SarifParseOptions(null, null, GH.withMaxMetadataChars(100_000))))
        .isInstanceOfSatisfying(SarifException.class, e -> assertThat(e.status()).isEqualTo(413));
  }
}
