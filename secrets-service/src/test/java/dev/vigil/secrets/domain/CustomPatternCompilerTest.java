package dev.vigil.secrets.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.secrets.detect.DetectorCatalogue;
import dev.vigil.secrets.detect.Finding;
import dev.vigil.secrets.detect.SecretMatch;
import dev.vigil.secrets.detect.SecretScanner;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CustomPatternCompilerTest {

  private static CustomPatternDefinition secret(String format) {
    return new CustomPatternDefinition(
        "Acme key", format, Optional.empty(), Optional.empty(), List.of(), List.of(), List.of());
  }

  @Test
  void findsSecretsBetweenNonAlphanumericBoundariesWithTheirPositions() throws Exception {
    CompiledCustomPattern p = CustomPatternCompiler.compile("cp_1", secret("acme_[a-z0-9]{12}"));
    String text = "first line\nkey=acme_abcdef123456;\nxacme_abcdef123456 is glued\n";
    List<Finding> findings = p.findings(text);
    assertThat(findings).hasSize(1);
    SecretMatch match = findings.get(0).matches().get(0);
    assertThat(match.match()).isEqualTo("acme_abcdef123456");
    assertThat(match.lineStart()).isEqualTo(2);
    assertThat(match.indexStart()).isEqualTo(text.indexOf("acme_"));
    assertThat(match.indexEnd())
        .isEqualTo(text.indexOf("acme_") + "acme_abcdef123456".length() - 1);
    assertThat(findings.get(0).detector().name()).isEqualTo("cp_1");
    assertThat(findings.get(0).detector().displayName()).isEqualTo("Acme key");
  }

  @Test
  void adjacentSecretsSharingOneSeparatorAreBothFound() throws Exception {
    CompiledCustomPattern p = CustomPatternCompiler.compile("cp_1", secret("k[0-9]{4}"));
    assertThat(p.find("k1234 k5678"))
        .extracting(CompiledCustomPattern.Match::secret)
        .containsExactly("k1234", "k5678");
  }

  @Test
  void mustMatchAndMustNotMatchFilterTheSecret() throws Exception {
    CompiledCustomPattern p =
        CustomPatternCompiler.compile(
            "cp_2",
            new CustomPatternDefinition(
                "Digits",
                "[a-z0-9]{8}",
                Optional.empty(),
                Optional.empty(),
                List.of("[0-9]"),
                List.of("^test"),
                List.of("token: ab12cd34")));
    assertThat(p.find("aaaaaaaa ab12cd34 test1234"))
        .extracting(CompiledCustomPattern.Match::secret)
        .containsExactly("ab12cd34");
  }

  @Test
  void invalidPatternsAreRejectedNamingTheField() {
    assertThatThrownBy(() -> CustomPatternCompiler.compile("cp_1", secret("acme_[a-z")))
        .isInstanceOf(InvalidCustomPattern.class)
        .hasMessageContaining("secret_format is not a valid regular expression")
        .extracting(e -> ((InvalidCustomPattern) e).field())
        .isEqualTo("secret_format");
    // Backreferences and lookarounds need backtracking: RE2 refuses them.
    assertThatThrownBy(() -> CustomPatternCompiler.compile("cp_1", secret("(a)\\1")))
        .hasMessageContaining("not a valid regular expression");
    assertThatThrownBy(() -> CustomPatternCompiler.compile("cp_1", secret("x(?=y)")))
        .hasMessageContaining("not a valid regular expression");
    assertThatThrownBy(() -> CustomPatternCompiler.compile("cp_1", secret("a*")))
        .hasMessageContaining("matches the empty string");
    assertThatThrownBy(() -> CustomPatternCompiler.compile("cp_1", secret("")))
        .hasMessageContaining("secret_format is required");
    assertThatThrownBy(() -> CustomPatternCompiler.compile("cp_1", secret("a".repeat(1001))))
        .hasMessageContaining("longer than 1000");
  }

  @Test
  void aPatternCompilingToAHugeProgramIsTooCostly() {
    assertThatThrownBy(() -> CustomPatternCompiler.compile("cp_1", secret("([a-f0-9]{500}){9}")))
        .hasMessageContaining("too costly");
  }

  @Test
  void aTestStringWithoutASecretIsRejected() {
    assertThatThrownBy(
            () ->
                CustomPatternCompiler.compile(
                    "cp_1",
                    new CustomPatternDefinition(
                        "Acme",
                        "acme_[0-9]{6}",
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        List.of(),
                        List.of("acme_123456", "nothing here"))))
        .hasMessage("test string 2 contains no secret the pattern reports");
  }

  /** RE2J's linear-time matching: the classic catastrophic pattern finishes on 1 MB. */
  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void catastrophicBacktrackingPatternScansOneMegabyteInBoundedTime() throws Exception {
    CompiledCustomPattern p = CustomPatternCompiler.compile("cp_1", secret("(a+)+$"));
    String noMatch = "a".repeat(1 << 20) + "!";
    assertThat(p.find(noMatch)).isEmpty();
    CompiledCustomPattern q = CustomPatternCompiler.compile("cp_1", secret("(a|aa)+b"));
    assertThat(q.find("a".repeat(1 << 20))).isEmpty();
  }

  @Test
  void tenantScannerAddsCustomFindingsToTheEngines() throws Exception {
    CompiledCustomPattern p = CustomPatternCompiler.compile("cp_7", secret("acme_[0-9]{6}"));
    TenantScanner scanner = new TenantScanner(SecretScanner.standard(), List.of(p));
    List<Finding> findings = scanner.scan("id: acme_123456\n");
    assertThat(findings).extracting(f -> f.detector().name()).containsExactly("cp_7");
  }

  @Test
  void settingsResolveOrganizationOverEnterpriseOverDefault() {
    assertThat(
            PushSetting.effective(PushSetting.DISABLED, PushSetting.ENABLED, PushSetting.ENABLED))
        .isEqualTo(PushSetting.DISABLED);
    assertThat(
            PushSetting.effective(PushSetting.NOT_SET, PushSetting.DISABLED, PushSetting.ENABLED))
        .isEqualTo(PushSetting.DISABLED);
    assertThat(PushSetting.effective(PushSetting.NOT_SET, PushSetting.NOT_SET, PushSetting.ENABLED))
        .isEqualTo(PushSetting.ENABLED);
    assertThat(PushSetting.effective(null, PushSetting.ENABLED, PushSetting.DISABLED))
        .isEqualTo(PushSetting.ENABLED);
  }

  @Test
  void providerPatternsComeFromTheCatalogue() {
    Map<String, ProviderPattern> catalogue = ProviderPattern.catalogue(DetectorCatalogue.all());
    assertThat(catalogue).hasSizeGreaterThan(200);
    ProviderPattern github = catalogue.get("GITHUB_ACCESS_TOKEN");
    assertThat(github.slug()).isEqualTo("github_access_token");
    assertThat(github.displayName()).isEqualTo("GitHub Personal Access Token");
    assertThat(github.defaultSetting()).isEqualTo(PushSetting.ENABLED);
    assertThat(catalogue.values())
        .anySatisfy(p -> assertThat(p.defaultSetting()).isEqualTo(PushSetting.DISABLED));
  }
}
