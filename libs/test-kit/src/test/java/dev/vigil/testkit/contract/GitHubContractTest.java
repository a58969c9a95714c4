package dev.vigil.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
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
                    "application/json; charset=utf-8",
                    bytes("{\"id\":\"x\",\"url\":\"https://h/x\"}")))
        .doesNotThrowAnyException();
    // GitHub's clients decode by content type: a JSON answer without charset=utf-8 is refused.
    assertThatThrownBy(
            () ->
                contract.check(
                    "post",
                    RECEIPT,
                    202,
                    "application/json",
                    bytes("{\"id\":\"x\",\"url\":\"https://h/x\"}")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("content type");
    // 200 is documented for the upload but 201 is not.
    assertThatThrownBy(
            () ->
                contract.check(
                    "post", RECEIPT, 201, "application/json; charset=utf-8", bytes("{}")))
        .isInstanceOf(AssertionError.class);
    // A single alert without its required fields.
    assertThatThrownBy(
            () ->
                contract.check(
                    "get", ALERT, 200, "application/json; charset=utf-8", bytes("{\"number\":1}")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("does not match");
    // The wrong enum value for a nullable enum, and a null where null is allowed.
    assertThatThrownBy(
            () ->
                contract.check(
                    "get",
                    "/repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}",
                    200,
                    "application/json; charset=utf-8",
                    bytes("{\"processing_status\":\"done\"}")))
        .isInstanceOf(AssertionError.class);
    assertThatCode(
            () ->
                contract.check(
                    "get",
                    "/repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}",
                    200,
                    "application/json; charset=utf-8",
                    bytes(
                        "{\"processing_status\":\"pending\",\"analyses_url\":null,"
                            + "\"errors\":null}")))
        .doesNotThrowAnyException();
    // A 422 is GitHub's validation-error shape.
    assertThatThrownBy(
            () ->
                contract.check(
                    "get", ALERT, 422, "application/json; charset=utf-8", bytes("{\"errors\":1}")))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void checksLinkHeadersAsGitHubsPaginationGuideDescribesThem() {
    GitHubContract contract = GitHubContract.get();
    String list = "/repos/{owner}/{repo}/code-scanning/alerts";
    String base = "https://gw.test/repos/a/b/code-scanning/alerts?per_page=1&page=";
    String good =
        "<"
            + base
            + "3>; rel=\"next\", <"
            + base
            + "5>; rel=\"last\", <"
            + base
            + "1>; rel=\"first\", <"
            + base
            + "1>; rel=\"prev\"";
    assertThat(GitHubContract.checkLink("ok", good))
        .containsEntry("next", 3)
        .containsEntry("last", 5)
        .containsEntry("first", 1)
        .containsEntry("prev", 1);
    assertThatCode(
            () ->
                contract.check(
                    "get",
                    list,
                    200,
                    "application/json; charset=utf-8",
                    bytes("[]"),
                    headers("Link", good)))
        .doesNotThrowAnyException();
    // Relative URL, unknown rel, rel twice, no page, next beyond last.
    for (String bad :
        List.of(
            "</repos/a/b/code-scanning/alerts?page=2>; rel=\"next\"",
            "<" + base + "2>; rel=\"following\"",
            "<" + base + "2>; rel=\"next\", <" + base + "3>; rel=\"next\"",
            "<https://gw.test/x?per_page=1>; rel=\"next\"",
            "<" + base + "4>; rel=\"next\", <" + base + "3>; rel=\"last\"")) {
      assertThatThrownBy(() -> GitHubContract.checkLink("bad", bad))
          .as(bad)
          .isInstanceOf(AssertionError.class);
    }
    // Only paginated operations carry a Link header.
    assertThatThrownBy(
            () ->
                contract.check(
                    "get",
                    list + "/{alert_number}",
                    200,
                    "application/json; charset=utf-8",
                    bytes("{}"),
                    headers("Link", good)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("without pagination");
  }

  private static Function<String, String> headers(String name, String value) {
    return header -> header.equalsIgnoreCase(name) ? value : null;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
