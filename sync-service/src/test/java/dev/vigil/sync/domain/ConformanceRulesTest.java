package dev.vigil.sync.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.sync.domain.rules.CheckStatus;
import dev.vigil.sync.domain.rules.RuleTestRunner;
import dev.vigil.sync.domain.rules.RuleValidator;
import dev.vigil.sync.domain.rules.SyncConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public Scanner rule in /work/shared/conformance/scanner/rules validates and passes its
 * inline tests; broken copies of them fail with the status Scanner reports and a message that names
 * the place.
 */
class ConformanceRulesTest {

  private static final Path DIR =
      Path.of(System.getProperty("vigil.conformance.scanner", "/work/shared/conformance/scanner"))
          .resolve("rules");

  /** A sync config defining every sink key the samples use. */
  static final String SYNC_CONFIG =
      """
      event_sink_keys:
        informational_severity_alerts: [{sink_id: 11111111-1111-1111-1111-111111111111}]
        low_severity_alerts: [{sink_id: 22222222-2222-2222-2222-222222222222}]
        medium_severity_alerts: [{sink_id: 33333333-3333-3333-3333-333333333333}]
        high_severity_alerts: [{sink_id: 44444444-4444-4444-4444-444444444444}]
        critical_severity_alerts: 55555555-5555-5555-5555-555555555555
        sink_key_1: [66666666-6666-6666-6666-666666666666]
      """;

  /** file, number of inline tests. */
  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of("01_1password_unusual_client.yml", 3),
        Arguments.of("02_aws_securityhub_finding_evasion.yml", 2),
        Arguments.of("03_aws_iam_s3browser_templated_s3_bucket_policy_creation.yml", 2),
        Arguments.of("04_aws_root_console_login_alert_template.yml", 3),
        Arguments.of("05_correlation_index_braces_array_wildcard.yml", 0),
        Arguments.of("06_1password_group_privilege_escalation_eval.yml", 0),
        Arguments.of("07_cisco_duo_countdistinct_pipe.yml", 0),
        Arguments.of("08_cloudflare_bot_requests_numeric_filter.yml", 0),
        Arguments.of("09_sharepoint_stats_where_or.yml", 0),
        Arguments.of("10_github_no_enabled_key.yml", 0),
        Arguments.of("11_gcp_critical.yml", 0),
        Arguments.of("12_aws_ec2_vm_export_failure_not_or_parens.yml", 0),
        Arguments.of("13_auth0_informational.yml", 0),
        Arguments.of("14_match_all_count_minimal_test.yml", 1));
  }

  static String read(String file) throws IOException {
    Path path = DIR.resolve(file);
    assumeTrue(Files.isRegularFile(path), "Scanner conformance rules not found at " + DIR);
    return Files.readString(path, StandardCharsets.UTF_8);
  }

  static SyncConfig config() throws Exception {
    return SyncConfig.parse(SYNC_CONFIG);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void validatesAndPassesItsTests(String file, int tests) throws Exception {
    String text = read(file);
    assertThat(RuleValidator.isRuleFile(file, text)).isTrue();
    RuleValidator.Outcome outcome = RuleValidator.validate(text, Optional.of(config()));
    assertThat(outcome.failure()).as(file).isNull();
    assertThat(outcome.rule().eventSinkIds()).hasSize(1);
    List<RuleTestRunner.TestResult> results = RuleTestRunner.run(outcome.rule());
    assertThat(results).hasSize(tests);
    assertThat(results).allSatisfy(r -> assertThat(r.passed()).as(file + ": " + r).isTrue());
  }

  static Stream<Arguments> brokenCopies() {
    return Stream.of(
        Arguments.of(
            "01_1password_unusual_client.yml",
            "severity: Medium",
            "severity: Severe",
            CheckStatus.ErrorInRule,
            "severity: does not have a value in the enumeration",
            "line: 11, column: 11"),
        Arguments.of(
            "02_aws_securityhub_finding_evasion.yml",
            "run_frequency_s: 60",
            "run_frequency_s: 600",
            CheckStatus.ErrorInRule,
            "run_frequency_s (600) must not be greater than time_range_s (300)",
            "line: 33, column: 18"),
        Arguments.of(
            "08_cloudflare_bot_requests_numeric_filter.yml",
            "time_range_s: 300",
            "time_range_s: 330",
            CheckStatus.ErrorInRule,
            "time_range_s: must be multiple of 60",
            "line: 19"),
        Arguments.of(
            "12_aws_ec2_vm_export_failure_not_or_parens.yml",
            "(not (errorMessage:* or errorCode:*))",
            "(not (errorMessage:* or errorCode:*)",
            CheckStatus.ErrorInQuery,
            "query_text: expected ')' to close the '(' at line 4, column 1",
            "line: 15, column: 3"),
        Arguments.of(
            "09_sharepoint_stats_where_or.yml",
            "| where n_objects > 5000",
            "| where n_objects > lots",
            CheckStatus.ErrorInQuery,
            "'>' compares numbers only; found 'lots'",
            "line: 13, column: 23"),
        Arguments.of(
            "01_1password_unusual_client.yml",
            "\"app_name\":\"1Password for Mac\"",
            "\"app_name\":\"Unknown Mac Client\"",
            CheckStatus.FailedTests,
            "test 'Known 1Password client does not fire' failed: expected detection false, the query returned 1 row",
            null),
        Arguments.of(
            "11_gcp_critical.yml",
            "- critical_severity_alerts",
            "- fatal_severity_alerts",
            CheckStatus.ErrorInRule,
            "event_sink_keys: 'fatal_severity_alerts' is not defined in the sync config",
            "line: 23, column: 3"),
        Arguments.of(
            "13_auth0_informational.yml",
            "enabled: true",
            "enabled: true\nowner: secops",
            CheckStatus.ErrorInRule,
            "unknown key 'owner'",
            "line: 7, column: 1"),
        Arguments.of(
            "14_match_all_count_minimal_test.yml",
            "    expected_detection_result: true",
            "    expected_detection_result: true\n    timeout_s: 3",
            CheckStatus.ErrorInRule,
            "unknown key 'timeout_s'",
            "line: 20, column: 5"),
        Arguments.of(
            "10_github_no_enabled_key.yml",
            "severity: Low\n",
            "",
            CheckStatus.ErrorInRule,
            "missing required key 'severity'",
            "line: 2, column: 1"));
  }

  @ParameterizedTest(name = "{0}: {4}")
  @MethodSource("brokenCopies")
  void brokenCopyFails(
      String file,
      String original,
      String replacement,
      CheckStatus status,
      String message,
      String position)
      throws Exception {
    String text = read(file);
    assertThat(text).contains(original);
    String broken = text.replace(original, replacement);
    RuleValidator.Outcome outcome = RuleValidator.validate(broken, Optional.of(config()));
    var failure = outcome.failure();
    if (failure == null) {
      failure = RuleTestRunner.failure(RuleTestRunner.run(outcome.rule()));
    }
    assertThat(failure).as(file).isNotNull();
    assertThat(failure.checkStatus()).isEqualTo(status);
    assertThat(failure.reason()).contains(message);
    if (position != null) {
      assertThat(failure.reason()).contains(position);
    }
  }
}
