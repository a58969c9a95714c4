package dev.vigil.scanning.domain;

import static dev.vigil.scanning.domain.SarifTestSupport.log;
import static dev.vigil.scanning.domain.SarifTestSupport.parse;
import static dev.vigil.scanning.domain.SarifTestSupport.result;
import static dev.vigil.scanning.domain.SarifTestSupport.run;
import static dev.vigil.scanning.domain.SarifTestSupport.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SarifStreamParserTest {

  private static void assertRejected(String json, SarifException.Reason reason) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(
            SarifException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void resultsBeforeToolAreResolvedAgainstTheLaterRules() {
    // Converter output (and 6 of the conformance files) put results first.
    String doc =
        "{\"runs\":[{\"results\":[{\"ruleIndex\":1,\"message\":{\"id\":\"default\",\"arguments\":[\"x\"]},"
            + "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"a/b.c\",\"uriBaseId\":\"ROOT\"}}}]}],"
            + "\"originalUriBaseIds\":{\"ROOT\":{\"uri\":\"file:///work/\"}},"
            + "\"automationDetails\":{\"id\":\"nightly/cpp/2024-01-01\"},"
            + "\"tool\":{\"driver\":{\"name\":\"Late\",\"version\":\"1.0\",\"rules\":[{\"id\":\"R0\"},"
            + "{\"id\":\"R1\",\"defaultConfiguration\":{\"level\":\"error\"},"
            + "\"messageStrings\":{\"default\":{\"text\":\"bad {0} here, {{literal}}\"}}}]}}}],"
            + "\"version\":\"2.1.0\"}";
    var c = parse(doc, new SarifParseOptions("file:///work", null, SarifLimits.GITHUB));
    SarifResult r = c.only();
    assertThat(r.ruleId()).isEqualTo("R1");
    assertThat(r.rule().id()).isEqualTo("R1");
    assertThat(r.level()).isEqualTo(Level.ERROR);
    assertThat(r.message()).isEqualTo("bad x here, {literal}");
    assertThat(r.path()).isEqualTo("a/b.c");
    assertThat(c.runs().get(0).tool()).isEqualTo(new ToolInfo("Late", "1.0", null));
    assertThat(c.runs().get(0).category().category()).isEqualTo("nightly/cpp/");
    assertThat(c.report().analyses().get(0).category()).isEqualTo("nightly/cpp/");
  }

  @Test
  void visitorSeesEachRunBeforeItsResults() {
    SarifTestSupport.Collector collector = new SarifTestSupport.Collector();
    String doc =
        log(
            run("A", "", result("r", null, "m", "a", 1) + "," + result("r", null, "n", "a", 2)),
            run("B", "", ""));
    new SarifStreamParser().parse(source(doc), collector);
    assertThat(collector.events)
        .containsExactly("run 0", "result 0/0", "result 0/1", "end 0", "run 1", "end 1");
  }

  @Test
  void rulesAreFoundByIndexIdAndExtension() {
    String doc =
        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{"
            + "\"driver\":{\"name\":\"CodeQL\",\"semanticVersion\":\"2.15.0\",\"version\":\"ignored\","
            + "\"rules\":[{\"id\":\"drv/one\"}]},"
            + "\"extensions\":[{\"name\":\"codeql/java-queries\",\"version\":\"0.8.0\",\"guid\":\"G1\","
            + "\"rules\":[{\"id\":\"java/sqli\",\"properties\":{\"security-severity\":\"8.8\",\"tags\":[\"security\"]}},"
            + "{\"id\":\"java/xss\"}]},"
            + "{\"name\":\"custom-pack\",\"rules\":[{\"id\":\"drv/one\",\"name\":\"shadowed\"}]}]},"
            + "\"results\":["
            // rule.index + rule.toolComponent.index (CodeQL's shape)
            + "{\"ruleId\":\"java/sqli\",\"rule\":{\"id\":\"java/sqli\",\"index\":0,\"toolComponent\":{\"index\":0}},\"message\":{\"text\":\"a\"}},"
            // ruleIndex relative to the driver
            + "{\"ruleId\":\"drv/one\",\"ruleIndex\":0,\"message\":{\"text\":\"b\"}},"
            // only an id that lives in an extension
            + "{\"ruleId\":\"java/xss\",\"message\":{\"text\":\"c\"}},"
            // rule.id only, component by name
            + "{\"rule\":{\"id\":\"drv/one\",\"toolComponent\":{\"name\":\"custom-pack\"}},\"message\":{\"text\":\"d\"}},"
            // component by guid and index
            + "{\"rule\":{\"index\":1,\"toolComponent\":{\"guid\":\"g1\"}},\"message\":{\"text\":\"e\"}},"
            // a rule nobody defines
            + "{\"ruleId\":\"missing\",\"message\":{\"text\":\"f\"}},"
            // an index out of range falls back to the id
            + "{\"ruleId\":\"drv/one\",\"ruleIndex\":99,\"message\":{\"text\":\"g\"}}"
            + "]}]}";
    var c = parse(doc);
    var rs = c.results();
    assertThat(rs.get(0).rule().toolComponent()).isZero();
    assertThat(rs.get(0).securitySeverityLevel()).isEqualTo(SecuritySeverityLevel.HIGH);
    assertThat(rs.get(1).rule().toolComponent()).isEqualTo(-1);
    assertThat(rs.get(2).rule().id()).isEqualTo("java/xss");
    assertThat(rs.get(3).ruleId()).isEqualTo("drv/one");
    assertThat(rs.get(3).rule().name()).isEqualTo("shadowed");
    assertThat(rs.get(4).ruleId()).isEqualTo("java/xss");
    assertThat(rs.get(5).rule()).isNull();
    assertThat(rs.get(5).ruleId()).isEqualTo("missing");
    assertThat(rs.get(6).rule().toolComponent()).isEqualTo(-1);
    SarifRun run = c.runs().get(0);
    assertThat(run.tool()).isEqualTo(new ToolInfo("CodeQL", "2.15.0", null));
    assertThat(run.extensions())
        .containsExactly(
            new ToolInfo("codeql/java-queries", "0.8.0", "G1"),
            new ToolInfo("custom-pack", null, null));
    assertThat(run.rules()).hasSize(4);
    assertThat(c.report().analyses().get(0).rulesCount()).isEqualTo(4);
  }

  @Test
  void readsRuleMetadata() {
    String rule =
        "{\"id\":\"js/zipslip\",\"name\":\"js/zipslip\",\"shortDescription\":{\"text\":\"Zip Slip\"},"
            + "\"fullDescription\":{\"text\":\"Full\"},\"help\":{\"text\":\"t\",\"markdown\":\"# md\"},"
            + "\"helpUri\":\"https://h\",\"defaultConfiguration\":{\"level\":\"error\",\"rank\":5},"
            + "\"properties\":{\"tags\":[\"security\",\"external/cwe/cwe-022\"],\"precision\":\"high\","
            + "\"problem.severity\":\"error\",\"security-severity\":\"7.5\",\"unknown\":{\"deep\":[1,2]}},"
            + "\"relationships\":[{\"target\":{\"id\":\"CWE-22\"}}]}";
    SarifRule r = parse(log(run("T", rule, ""))).runs().get(0).rules().get(0);
    assertThat(r)
        .isEqualTo(
            new SarifRule(
                "js/zipslip",
                "js/zipslip",
                "Zip Slip",
                "Full",
                "t",
                "# md",
                "https://h",
                Level.ERROR,
                java.util.List.of("security", "external/cwe/cwe-022"),
                7.5,
                "high",
                "error",
                -1,
                0,
                java.util.Map.of()));
  }

  @Test
  void readsLocationsRegionsFingerprintsSuppressionsAndKind() {
    String r =
        "{\"ruleId\":\"r\",\"kind\":\"review\",\"message\":{\"text\":\"m\",\"markdown\":\"**m**\"},"
            + "\"locations\":[{\"id\":0,\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"a.c\"},"
            + "\"region\":{\"startLine\":3,\"startColumn\":5,\"endLine\":4,\"endColumn\":9,\"snippet\":{\"text\":\"x = y;\"}},"
            + "\"contextRegion\":{\"startLine\":2,\"snippet\":{\"text\":\"ctx\"}}},\"message\":{\"text\":\"here\"}},"
            + "{\"logicalLocations\":[{\"fullyQualifiedName\":\"A.b()\"}]}],"
            + "\"partialFingerprints\":{\"InstanceId\":\"ABC\"},\"fingerprints\":{\"contextHash/v1\":\"e7\"},"
            + "\"suppressions\":[{\"kind\":\"inSource\",\"justification\":\"test code\"}],"
            + "\"properties\":{\"anything\":[{}]},\"rank\":0.3,\"webRequest\":{\"uri\":\"x\"}}";
    SarifResult res = parse(log(run("T", "", r))).only();
    assertThat(res.kind()).isEqualTo("review");
    assertThat(res.level()).as("kind other than fail defaults to none").isEqualTo(Level.NONE);
    assertThat(res.location())
        .isEqualTo(
            new SarifLocation("a.c", "a.c", new SarifRegion(3, 5, 4, 9, "x = y;", "ctx"), "here"));
    assertThat(res.locations()).hasSize(2);
    assertThat(res.locations().get(1).path()).isNull();
    assertThat(res.partialFingerprints()).containsEntry("InstanceId", "ABC");
    assertThat(res.fingerprints()).containsEntry("contextHash/v1", "e7");
    assertThat(res.suppressed()).isTrue();
    assertThat(res.suppressions()).containsExactly(new Suppression("inSource", null, "test code"));
    assertThat(res.fingerprint())
        .isEqualTo(
            AlertFingerprints.COMPUTED_PREFIX
                + AlertFingerprints.baseHash("r", "a.c", "m", "x = y;")
                + ":1");
  }

  @Test
  void rejectedSuppressionsAndEmptyArraysDoNotSuppress() {
    String base = "{\"ruleId\":\"r\",\"message\":{\"text\":\"m\"},\"suppressions\":";
    var rs =
        parse(
                log(
                    run(
                        "T",
                        "",
                        base
                            + "[]},"
                            + base
                            + "[{\"kind\":\"external\",\"status\":\"rejected\"}]}")))
            .results();
    assertThat(rs).extracting(SarifResult::suppressed).containsExactly(false, false);
  }

  @Test
  void resultsWithoutLocationsAreKept() {
    SarifResult r =
        parse(log(run("T", "", "{\"ruleId\":\"r\",\"message\":{\"text\":\"m\"}}"))).only();
    assertThat(r.location()).isNull();
    assertThat(r.alertKey().path()).isEmpty();
  }

  @Test
  void toolNameFallsBackToTheUploadThenApi() {
    String doc =
        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{}},\"results\":[]},{\"results\":[]}]}";
    assertThat(parse(doc).runs()).extracting(r -> r.tool().name()).containsExactly("API", "API");
    assertThat(parse(doc, new SarifParseOptions(null, "MyScanner", SarifLimits.GITHUB)).runs())
        .extracting(r -> r.tool().name())
        .containsExactly("MyScanner", "MyScanner");
  }

  @Test
  void emptyRunsAndMissingResultsAreAccepted() {
    assertThat(parse(log()).report().analyses()).isEmpty();
    var c = parse("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"T\"}}}]}");
    assertThat(c.report().analyses().get(0).resultsCount()).isZero();
    assertThat(c.report().analyses().get(0).warning()).isEmpty();
  }

  @Test
  void aRepeatedRunsKeyContinuesTheRunNumbering() {
    String doc =
        "{\"version\":\"2.1.0\",\"runs\":["
            + run("A", "", result("r", null, "m", "a", 1))
            + "],"
            + "\"runs\":["
            + run("B", "", result("r", null, "m", "b", 1))
            + "]}";
    var c = parse(doc);
    assertThat(c.runs())
        .extracting(r -> r.index() + ":" + r.tool().name())
        .containsExactly("0:A", "1:B");
    assertThat(c.results()).extracting(SarifResult::runIndex).containsExactly(0, 1);
  }

  @Test
  void inspectValidatesWithoutEmitting() {
    String doc = log(run("T", "{\"id\":\"r\"}", result("r", "error", "m", "a.c", 1)));
    SarifParseReport report = new SarifStreamParser().inspect(source(doc));
    assertThat(report.version()).isEqualTo("2.1.0");
    assertThat(report.resultsCount()).isEqualTo(1);
    assertThat(report.analyses().get(0).tool().name()).isEqualTo("T");
  }

  @Test
  void nothingIsEmittedWhenALaterRunIsInvalid() {
    AtomicInteger calls = new AtomicInteger();
    SarifVisitor counting =
        new SarifVisitor() {
          @Override
          public void run(SarifRun run) {
            calls.incrementAndGet();
          }

          @Override
          public void result(SarifRun run, SarifResult result) {
            calls.incrementAndGet();
          }
        };
    String doc = log(run("A", "", result("r", null, "m", "a", 1)), "{\"results\":{}}");
    assertThatThrownBy(() -> new SarifStreamParser().parse(source(doc), counting))
        .isInstanceOf(SarifException.class);
    assertThat(calls).hasValue(0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "{\"version\":\"2.1.0\",\"runs\":[",
        "{\"version\":\"2.1.0\",\"runs\":[]} trailing",
        "{\"version\":\"2.1.0\",\"runs\":[]}{}",
        "{\"version\":\"2.1.0\" \"runs\":[]}",
        "{'version':'2.1.0','runs':[]}"
      })
  void notJsonIs400(String text) {
    assertRejected(text, SarifException.Reason.INVALID_JSON);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "\"2.1.0\"",
        "{\"version\":\"2.1.0\"}",
        "{\"version\":\"2.1.0\",\"runs\":{}}",
        "{\"version\":\"2.1.0\",\"runs\":null}",
        "{\"version\":\"2.1.0\",\"runs\":[1]}",
        "{\"version\":\"2.1.0\",\"runs\":[{\"results\":\"none\"}]}",
        "{\"version\":\"2.1.0\",\"runs\":[{\"results\":[42]}]}",
        "{\"runs\":[]}",
        "{\"version\":null,\"runs\":[]}"
      })
  void structuralProblemsAre400(String text) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOfSatisfying(
            SarifException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SarifException.Reason.INVALID_SARIF);
              assertThat(e.status()).isEqualTo(400);
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.0.0", "1.0.0", "2.1.0-rtm.5", "2.1"})
  void otherVersionsAreRejected(String version) {
    assertRejected(
        "{\"version\":\"" + version + "\",\"runs\":[]}", SarifException.Reason.UNSUPPORTED_VERSION);
    assertRejected(
        "{\"runs\":[],\"version\":\"" + version + "\"}", SarifException.Reason.UNSUPPORTED_VERSION);
  }

  @Test
  void unknownPropertiesAndOddScalarsAreTolerated() {
    String doc =
        "{\"$schema\":\"http://json.schemastore.org/sarif-2.1.0-rtm.5\",\"version\":\"2.1.0\","
            + "\"inlineExternalProperties\":[{\"x\":1}],\"properties\":{\"a\":[null,true,{\"b\":1.5e3}]},"
            + "\"runs\":[{\"columnKind\":\"utf16CodeUnits\",\"newThing\":{\"nested\":[[[]]]},"
            + "\"tool\":{\"driver\":{\"name\":\"T\",\"rules\":[{\"id\":\"r\",\"defaultConfiguration\":{\"level\":\"loud\"},"
            + "\"properties\":{\"security-severity\":\"n/a\",\"tags\":\"not-an-array\"}}]}},"
            + "\"results\":[{\"ruleId\":\"r\",\"ruleIndex\":\"0\",\"level\":7,\"message\":{\"text\":\"m\"},"
            + "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"a.c\",\"index\":-1},"
            + "\"region\":{\"startLine\":\"12\",\"startColumn\":-3,\"endLine\":1e2,\"endColumn\":99999999999}}}]}]}]}";
    SarifResult r = parse(doc).only();
    assertThat(r.rule().id()).isEqualTo("r");
    assertThat(r.level()).isEqualTo(Level.WARNING);
    assertThat(r.securitySeverityLevel()).isNull();
    assertThat(r.location().region()).isEqualTo(new SarifRegion(12, null, null, null, null, null));
  }

  @Test
  void messageFormattingHandlesMissingArguments() {
    assertThat(RunIndex.format("{0} and {1} and {x} and {{0}}", java.util.List.of("a")))
        .isEqualTo("a and {1} and {x} and {0}");
    String doc =
        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"T\","
            + "\"globalMessageStrings\":{\"g\":{\"text\":\"global {0}\"}}}},"
            + "\"results\":[{\"message\":{\"id\":\"g\",\"arguments\":[\"arg\"]}},{\"message\":{\"id\":\"nope\"}}]}]}";
    assertThat(parse(doc).results())
        .extracting(SarifResult::message)
        .containsExactly("global arg", "");
  }
}
