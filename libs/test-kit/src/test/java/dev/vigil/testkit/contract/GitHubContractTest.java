package dev.vigil.testkit.contract;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The contract checker itself rejects what GitHub's description does not allow. */
class GitHubContractTest {

  private static final String ALERT = "/repos/{owner}/{repo}/code-scanning/alerts/{alert_number}";
  private static final String RECEIPT = "/repos/{owner}/{repo}/code-scanning/sarifs";

  @Test
  void acceptsWhatGitHubDocumentsAndRejectsTheRest() {
    GitHubContract contract = GitHubContract.get();
    assertThatCode(
            () ->
                contract.check(
                    "post",
                    RECEIPT,
                    202,
                    "application/json",
                    bytes("{\"id\":\"x\",\"url\":\"https://h/x\"}")))
        .doesNotThrowAnyException();
    // 200 is documented for the upload but 201 is not.
    assertThatThrownBy(() -> contract.check("post", RECEIPT, 201, "application/json", bytes("{}")))
        .isInstanceOf(AssertionError.class);
    // A single alert without its required fields.
    assertThatThrownBy(
            () -> contract.check("get", ALERT, 200, "application/json", bytes("{\"number\":1}")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("does not match");
    // The wrong enum value for a nullable enum, and a null where null is allowed.
    assertThatThrownBy(
            () ->
                contract.check(
                    "get",
                    "/repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}",
                    200,
                    "application/json",
                    bytes("{\"processing_status\":\"done\"}")))
        .isInstanceOf(AssertionError.class);
    assertThatCode(
            () ->
                contract.check(
                    "get",
                    "/repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}",
                    200,
                    "application/json",
                    bytes(
                        "{\"processing_status\":\"pending\",\"analyses_url\":null,"
                            + "\"errors\":null}")))
        .doesNotThrowAnyException();
    // A 422 is GitHub's validation-error shape.
    assertThatThrownBy(
            () -> contract.check("get", ALERT, 422, "application/json", bytes("{\"errors\":1}")))
        .isInstanceOf(AssertionError.class);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
