package dev.vigil.scanning.domain;

import static dev.vigil.scanning.domain.SarifTestSupport.log;
import static dev.vigil.scanning.domain.SarifTestSupport.parse;
import static dev.vigil.scanning.domain.SarifTestSupport.result;
import static dev.vigil.scanning.domain.SarifTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertFingerprintsTest {

  @Test
  void usesPrimaryLocationLineHashWhenGiven() {
    String r =
        "{\"ruleId\":\"js/x\",\"message\":{\"text\":\"m\"},\"locations\":[{\"physicalLocation\":"
            + "{\"artifactLocation\":{\"uri\":\"src/a.js\"},\"region\":{\"startLine\":3}}}],"
            + "\"partialFingerprints\":{\"primaryLocationLineHash\":\"39fa2ee980eb94b0:1\","
            + "\"primaryLocationStartColumnFingerprint\":\"4\"}}";
    String doc =
        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"CodeQL\"}},"
            + "\"automationDetails\":{\"id\":\"/language:javascript/\"},\"results\":["
            + r
            + "]}]}";
    SarifResult result = parse(doc).only();
    assertThat(result.fingerprint()).isEqualTo("39fa2ee980eb94b0:1");
    assertThat(result.alertKey())
        .isEqualTo(
            new AlertKey(
                "CodeQL", "/language:javascript/", "js/x", "src/a.js", "39fa2ee980eb94b0:1"));
  }

  @Test
  void computedFingerprintIgnoresLineShifts() {
    SarifResult before =
        parse(log(run("T", "", result("R1", null, "Unused variable x", "a.c", 10)))).only();
    SarifResult after =
        parse(log(run("T", "", result("R1", null, "Unused variable x", "a.c", 250)))).only();
    assertThat(before.fingerprint()).startsWith(AlertFingerprints.COMPUTED_PREFIX).endsWith(":1");
    assertThat(after.alertKey()).isEqualTo(before.alertKey());
    assertThat(after.alertKey().digest()).isEqualTo(before.alertKey().digest()).hasSize(64);
  }

  @Test
  void lineNumbersInsideMessagesDoNotMatter() {
    assertThat(AlertFingerprints.normalizeMessage("null dereference on line 172"))
        .isEqualTo(AlertFingerprints.normalizeMessage("null  dereference on line 180"));
    assertThat(AlertFingerprints.normalizeMessage("see lines 3-5, column 7"))
        .isEqualTo("see lines #, column #");
    assertThat(AlertFingerprints.normalizeMessage("expected 2 arguments"))
        .isNotEqualTo(AlertFingerprints.normalizeMessage("expected 3 arguments"));
  }

  @Test
  void identicalResultsInOneFileStayDistinctAlerts() {
    String results =
        String.join(
            ",",
            result("R1", null, "same", "a.c", 1),
            result("R1", null, "same", "a.c", 5),
            result("R1", null, "same", "b.c", 5),
            result("R1", null, "other", "a.c", 9));
    List<SarifResult> rs = parse(log(run("T", "", results))).results();
    assertThat(rs).extracting(SarifResult::alertKey).doesNotHaveDuplicates();
    assertThat(rs.get(0).fingerprint()).endsWith(":1");
    assertThat(rs.get(1).fingerprint()).endsWith(":2");
    assertThat(rs.get(1).fingerprint()).startsWith(rs.get(0).fingerprint().substring(0, 40));
    assertThat(rs.get(2).fingerprint()).endsWith(":1");
    assertThat(rs.get(3).fingerprint()).endsWith(":1");
  }

  @Test
  void snippetTellsResultsApartButNotItsIndentation() {
    AlertFingerprints f = new AlertFingerprints();
    String a = f.next("R", "a.c", "m", "  strcpy(buf, src);", Map.of());
    String b = f.next("R", "a.c", "m", "strcpy(buf,  src);\n", Map.of());
    String c = f.next("R", "a.c", "m", "memcpy(buf, src, n);", Map.of());
    assertThat(AlertFingerprints.baseHash("R", "a.c", "m", "\tstrcpy(buf, src);"))
        .isEqualTo(AlertFingerprints.baseHash("R", "a.c", "m", "strcpy(buf, src);"));
    assertThat(a).endsWith(":1");
    // Same code with other whitespace: same base hash, so it is the second occurrence.
    assertThat(b).isEqualTo(a.substring(0, a.length() - 1) + "2");
    assertThat(c).endsWith(":1").isNotEqualTo(a);
  }

  @Test
  void keyPartsAreSeparated() {
    assertThat(new AlertKey("ab", "", "c", "", "").digest())
        .isNotEqualTo(new AlertKey("a", "", "bc", "", "").digest());
    assertThat(new AlertKey(null, null, null, null, null))
        .isEqualTo(new AlertKey("", "", "", "", ""));
  }
}
