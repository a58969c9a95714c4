package dev.vigil.scanning.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real-tool SARIF file in /work/shared/conformance/sarif parses, and the parser's counts
 * match counts taken independently from a Jackson tree of the same file.
 *
 * <p>Expected counts (runs / results / rules = driver + extension rules / alerts = distinct
 * AlertKeys among the emitted results):
 *
 * <pre>
 * file                                   runs results rules alerts  why the alert count
 * checkstyle-commons-lang3-tuple.sarif      1     100     0    100  no partialFingerprints: computed
 * clang-analyzer-lz4.sarif                  1       5     1      5    fingerprints; identical results
 * contrast-webgoat.sarif                    1      30    56     30    in one file get occurrence
 * cppcheck-issuelog1.sarif                  1     188     0    188    counters :1, :2, … so every
 * eslint-eslint.sarif                       1     861    10    861    result is its own alert.
 * eslint-express.sarif                      1      65     9     65  No file has a primaryLocation-
 * flawfinder-cpu-features.sarif             1      43     7     43    LineHash that could merge two
 * fortify-bannedapis.sarif                  1     114     0    114    results (Fortify's InstanceId
 * heimdall-hdf.sarif                        1     166    13    166    and Flawfinder's contextHash are
 * htmlhint-rust-doc.sarif                   1      17     4     17    not used for identity), and no
 * markdownlint-express.sarif                1    3988    15   3988    run exceeds 5,000 results, so
 * pmd-commons-lang3.sarif                   1     488    74    488    alerts = results everywhere.
 * semmleql-results.sarif                    1      80     0     80  (heimdall: all 166 share path
 *                                                                     "file:///" and 13 rules.)
 * </pre>
 */
class ConformanceSarifTest {

  // Overridable so a checkout elsewhere (or a run without the samples) can point it away.
  private static final Path DIR =
      Path.of(System.getProperty("vigil.conformance.sarif", "/work/shared/conformance/sarif"));
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** file, runs, results, rules, alerts, checkout_uri (README: scan roots under /src). */
  static Stream<Arguments> files() {
    return Stream.of(
        Arguments.of(
            "checkstyle-commons-lang3-tuple.sarif",
            1,
            100,
            0,
            100,
            "file:///src/commons-lang3-3.17.0"),
        Arguments.of("clang-analyzer-lz4.sarif", 1, 5, 1, 5, "file:///src/lmdb-3.5.6"),
        Arguments.of("contrast-webgoat.sarif", 1, 30, 56, 30, null),
        Arguments.of("cppcheck-issuelog1.sarif", 1, 188, 0, 188, null),
        Arguments.of("eslint-eslint.sarif", 1, 861, 10, 861, "file:///src/eslint-10.15.0"),
        Arguments.of("eslint-express.sarif", 1, 65, 9, 65, "file:///src/express-4.21.2"),
        Arguments.of("flawfinder-cpu-features.sarif", 1, 43, 7, 43, null),
        Arguments.of("fortify-bannedapis.sarif", 1, 114, 0, 114, null),
        Arguments.of("heimdall-hdf.sarif", 1, 166, 13, 166, null),
        Arguments.of("htmlhint-rust-doc.sarif", 1, 17, 4, 17, null),
        Arguments.of("markdownlint-express.sarif", 1, 3988, 15, 3988, null),
        Arguments.of(
            "pmd-commons-lang3.sarif", 1, 488, 74, 488, "file:///src/commons-lang3-3.17.0"),
        Arguments.of("semmleql-results.sarif", 1, 80, 0, 80, null));
  }

  /** Each test skips, with this message, when the shared samples are not there. */
  private static void requireSamples() {
    assumeTrue(
        Files.isDirectory(DIR),
        "skipped: SARIF conformance samples not found at "
            + DIR
            + " (shared conformance folder absent)");
  }

  private static SarifTestSupport.Collected parse(String file, String checkoutUri) {
    SarifTestSupport.Collector collector = new SarifTestSupport.Collector();
    SarifParseReport report =
        new SarifStreamParser(new SarifParseOptions(checkoutUri, null, SarifLimits.GITHUB))
            .parse(SarifSource.of(DIR.resolve(file)), collector);
    return new SarifTestSupport.Collected(report, collector.runs, collector.results);
  }

  @Test
  void tableCoversEveryFileInTheFolder() throws IOException {
    requireSamples();
    try (Stream<Path> listing = Files.list(DIR)) {
      Set<String> present =
          listing
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".sarif"))
              .collect(Collectors.toSet());
      Set<String> table = files().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
      assertThat(table).isEqualTo(present);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void parsesWithIndependentlyDerivedCounts(
      String file, int runs, int results, int rules, int alerts, String checkoutUri)
      throws IOException {
    requireSamples();
    Path path = DIR.resolve(file);
    assumeTrue(Files.isRegularFile(path), "skipped: " + path + " is absent");
    JsonNode tree = MAPPER.readTree(path.toFile());
    Tree expected = Tree.of(tree);
    // The hand-written table documents the files; the tree guards the table.
    assertThat(List.of(expected.runs, expected.results, expected.rules))
        .containsExactly(runs, results, rules);

    var c = parse(file, checkoutUri);
    assertThat(c.runs()).hasSize(runs);
    assertThat(c.report().analyses()).hasSize(runs);
    assertThat(c.report().totalResults()).isEqualTo(results);
    assertThat(c.report().resultsCount()).isEqualTo(Math.min(results, 5_000));
    assertThat(c.report().analyses().stream().mapToInt(AnalysisSummary::rulesCount).sum())
        .isEqualTo(rules);
    assertThat(c.runs().stream().mapToInt(r -> r.rules().size()).sum()).isEqualTo(rules);
    assertThat(c.results()).hasSize(results);
    assertThat(c.results().stream().map(SarifResult::alertKey).distinct().count())
        .isEqualTo(alerts);
    assertThat(c.report().analyses()).allSatisfy(a -> assertThat(a.warning()).isEmpty());

    // Tool names and versions as the driver states them.
    for (int i = 0; i < runs; i++) {
      JsonNode driver = tree.get("runs").get(i).get("tool").get("driver");
      ToolInfo tool = c.runs().get(i).tool();
      assertThat(tool.name()).isEqualTo(driver.get("name").asText());
      String version =
          driver.has("semanticVersion")
              ? driver.get("semanticVersion").asText()
              : driver.path("version").asText(null);
      assertThat(tool.version()).isEqualTo(version);
    }

    // Rule resolution, effective levels, suppressions and security severities agree with the tree.
    assertThat(c.results().stream().filter(r -> r.rule() != null).count())
        .isEqualTo(expected.resolved);
    assertThat(
            c.results().stream()
                .collect(Collectors.groupingBy(SarifResult::level, Collectors.counting())))
        .isEqualTo(expected.levels);
    assertThat(c.results().stream().filter(SarifResult::suppressed).count())
        .isEqualTo(expected.suppressed);
    assertThat(
            c.results().stream()
                .filter(r -> r.securitySeverityLevel() != null)
                .collect(
                    Collectors.groupingBy(
                        SarifResult::securitySeverityLevel, Collectors.counting())))
        .isEqualTo(expected.security);

    // Every located result has a repository-relative path, except Heimdall's file:/// (a web scan).
    for (SarifResult r : c.results()) {
      if (r.path() != null && !file.startsWith("heimdall")) {
        assertThat(r.path())
            .doesNotStartWith("/")
            .doesNotStartWith("file:")
            .doesNotContain("\\")
            .isNotEmpty();
      }
    }
  }

  /** Counts taken from the JSON tree with the simplest reading of the SARIF spec. */
  private record Tree(
      int runs,
      int results,
      int rules,
      long resolved,
      Map<Level, Long> levels,
      long suppressed,
      Map<SecuritySeverityLevel, Long> security) {

    static Tree of(JsonNode root) {
      int runs = 0;
      int results = 0;
      int rules = 0;
      long resolved = 0;
      long suppressed = 0;
      Map<Level, Long> levels = new HashMap<>();
      Map<SecuritySeverityLevel, Long> security = new HashMap<>();
      for (JsonNode run : root.get("runs")) {
        runs++;
        JsonNode driverRules = run.path("tool").path("driver").path("rules");
        rules += driverRules.size();
        for (JsonNode ext : run.path("tool").path("extensions")) {
          rules += ext.path("rules").size();
        }
        Map<String, JsonNode> byId = new HashMap<>();
        driverRules.forEach(r -> byId.putIfAbsent(r.path("id").asText(), r));
        for (JsonNode result : run.path("results")) {
          results++;
          JsonNode rule = null;
          if (result.has("ruleIndex") && result.get("ruleIndex").asInt() < driverRules.size()) {
            rule = driverRules.get(result.get("ruleIndex").asInt());
          } else if (result.has("ruleId")) {
            rule = byId.get(result.get("ruleId").asText());
          }
          if (rule != null) {
            resolved++;
          }
          String level =
              result.has("level")
                  ? result.get("level").asText()
                  : rule != null && rule.path("defaultConfiguration").has("level")
                      ? rule.path("defaultConfiguration").get("level").asText()
                      : "warning";
          levels.merge(Level.fromSarif(level), 1L, Long::sum);
          Set<Boolean> effective = new HashSet<>();
          result
              .path("suppressions")
              .forEach(
                  s ->
                      effective.add(
                          !s.has("status") || s.get("status").asText().equals("accepted")));
          if (effective.contains(true)) {
            suppressed++;
          }
          if (rule != null && rule.path("properties").has("security-severity")) {
            double score = rule.path("properties").get("security-severity").asDouble();
            SecuritySeverityLevel s =
                score >= 9
                    ? SecuritySeverityLevel.CRITICAL
                    : score >= 7
                        ? SecuritySeverityLevel.HIGH
                        : score >= 4
                            ? SecuritySeverityLevel.MEDIUM
                            : score > 0 ? SecuritySeverityLevel.LOW : null;
            if (s != null) {
              security.merge(s, 1L, Long::sum);
            }
          }
        }
      }
      return new Tree(runs, results, rules, resolved, levels, suppressed, security);
    }
  }

  // Tool-specific shapes from the README.

  @Test
  void eslintEslintUnknownPluginRulesAndSuppressions() {
    requireSamples();
    var c = parse("eslint-eslint.sarif", "file:///src/eslint-10.15.0");
    assertThat(c.results().stream().filter(r -> r.rule() == null))
        .hasSize(23)
        .allMatch(r -> r.ruleId() != null);
    assertThat(c.results().stream().filter(SarifResult::suppressed))
        .hasSize(20)
        .allSatisfy(r -> assertThat(r.suppressions().get(0).kind()).isEqualTo("inSource"));
    assertThat(c.results().stream().filter(r -> !r.suppressions().isEmpty())).hasSize(20);
    assertThat(c.results().get(0).path()).startsWith("lib/");
  }

  @Test
  void eslintExpressUsesArtifactsAndRuleIndex() {
    requireSamples();
    var c = parse("eslint-express.sarif", "file:///src/express-4.21.2");
    assertThat(c.results()).allSatisfy(r -> assertThat(r.rule()).isNotNull());
    assertThat(c.results()).extracting(SarifResult::path).contains("lib/application.js");
    // Without checkout_uri the absolute URIs stay absolute, as GitHub keeps them.
    var noRoot = parse("eslint-express.sarif", null);
    assertThat(noRoot.results())
        .allSatisfy(r -> assertThat(r.path()).startsWith("file:///src/express-4.21.2/"));
  }

  @Test
  void checkstyleBareAbsolutePathsAndNoRules() {
    requireSamples();
    var c = parse("checkstyle-commons-lang3-tuple.sarif", "file:///src/commons-lang3-3.17.0");
    assertThat(c.results())
        .allSatisfy(r -> assertThat(r.path()).startsWith("org/apache/commons/lang3/tuple/"));
    assertThat(c.results()).allSatisfy(r -> assertThat(r.level()).isEqualTo(Level.ERROR));
    assertThat(c.results().stream().filter(r -> r.location().region().startColumn() == null))
        .hasSize(75);
  }

  @Test
  void pmdResultsWithoutLevelDefaultToWarning() {
    requireSamples();
    var c = parse("pmd-commons-lang3.sarif", "file:///src/commons-lang3-3.17.0");
    assertThat(c.results()).allSatisfy(r -> assertThat(r.level()).isEqualTo(Level.WARNING));
    assertThat(c.results())
        .extracting(SarifResult::path)
        .contains("org/apache/commons/lang3/AnnotationUtils.java");
    assertThat(c.runs().get(0).rules())
        .allSatisfy(r -> assertThat(r.tags().size()).isLessThanOrEqualTo(10));
  }

  @Test
  void flawfinderSrcrootWithoutOriginalUriBaseIds() {
    requireSamples();
    var c = parse("flawfinder-cpu-features.sarif", null);
    assertThat(c.results()).allSatisfy(r -> assertThat(r.path()).startsWith("deps/cpu_features/"));
    assertThat(c.results())
        .allSatisfy(r -> assertThat(r.fingerprints()).containsKey("contextHash/v1"));
    assertThat(c.results())
        .allSatisfy(r -> assertThat(r.location().region().snippet()).isNotNull());
  }

  @Test
  void clangCodeFlowsKeepEveryStepWithImportance() throws IOException {
    requireSamples();
    var c = parse("clang-analyzer-lz4.sarif", "file:///src/lmdb-3.5.6");
    assertThat(c.results())
        .extracting(r -> r.threadFlowLocations().size())
        .containsExactly(9, 38, 38, 35, 35);
    assertThat(c.results().get(0).threadFlowLocations())
        .extracting(ThreadFlowLocation::importance)
        .contains("essential", "important", "unimportant");
    assertThat(c.results().get(0).path()).isEqualTo("dependencies/lz4/lib/lz4.c");
    assertThat(c.results().get(0).threadFlowLocations().get(0).location().path())
        .isEqualTo("dependencies/lz4/lib/lz4.c");
  }

  @Test
  void contrastMessageIdsAndUnresolvableBase() {
    requireSamples();
    var c = parse("contrast-webgoat.sarif", null);
    assertThat(c.results())
        .allSatisfy(r -> assertThat(r.message()).isNotEmpty().doesNotContain("{0}"));
    assertThat(c.results().get(0).path()).isEqualTo("webgoat/Content/ForgotPassword.aspx");
    // Two results only have logical locations.
    assertThat(c.results().stream().filter(r -> r.path() == null)).hasSize(2);
  }

  @Test
  void semmleResultsWithoutRuleIdAndDollarSrcroot() {
    requireSamples();
    var c = parse("semmleql-results.sarif", null);
    assertThat(c.results()).allSatisfy(r -> assertThat(r.ruleId()).isNull());
    assertThat(c.results().get(0).path())
        .isEqualTo("src/main/java/org/apache/commons/io/FileCleaningTracker.java");
  }

  @Test
  void heimdallSecuritySeverities() {
    requireSamples();
    var c = parse("heimdall-hdf.sarif", null);
    assertThat(c.runs().get(0).rules())
        .filteredOn(r -> r.id().equals("10104"))
        .singleElement()
        .satisfies(r -> assertThat(r.securitySeverityLevel()).isEqualTo(SecuritySeverityLevel.LOW));
    assertThat(c.results()).allSatisfy(r -> assertThat(r.path()).isEqualTo("file:///"));
  }

  @Test
  void fortifyKeepsItsOwnPartialFingerprintsButComputesIdentity() {
    requireSamples();
    var c = parse("fortify-bannedapis.sarif", null);
    assertThat(c.results())
        .allSatisfy(r -> assertThat(r.partialFingerprints()).containsKey("InstanceId"));
    assertThat(c.results())
        .allSatisfy(r -> assertThat(r.fingerprint()).startsWith(AlertFingerprints.COMPUTED_PREFIX));
    assertThat(c.runs().get(0).category()).isEqualTo(AnalysisCategory.NONE);
  }
}
