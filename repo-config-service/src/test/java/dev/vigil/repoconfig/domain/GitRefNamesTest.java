package dev.vigil.repoconfig.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitRefNamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "main",
        "master",
        "develop",
        "release/2024.06",
        "feature/JIRA-123_add-login",
        "v1.2.3",
        "hotfix/a.b",
        "users/ana/wip",
        "x",
        "übersetzung",
        "a@b",
        "trailing-dash-",
        "dash-in-middle",
        "name.lock-not-at-end",
        "HEADS"
      })
  void acceptsValidBranchNames(String name) {
    assertThat(GitRefNames.branchNameProblem(name)).isEmpty();
    assertThat(GitRefNames.isValidBranchName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "feature..x",
        "..",
        "has space",
        "tab\there",
        "nul\u0000",
        "del\u007f",
        "new\nline",
        "tilde~1",
        "caret^",
        "co:lon",
        "what?",
        "star*",
        "br[acket",
        "back\\slash",
        "-starts-with-dash",
        "/leading-slash",
        "trailing-slash/",
        "double//slash",
        "ends-with-dot.",
        "ends.lock",
        "dir.lock/child",
        "reflog@{1}",
        "@{-1}",
        "@",
        "HEAD",
        ".hidden",
        "feature/.hidden"
      })
  void rejectsInvalidBranchNames(String name) {
    assertThat(GitRefNames.branchNameProblem(name)).isPresent();
    assertThat(GitRefNames.isValidBranchName(name)).isFalse();
  }

  @Test
  void rejectsNull() {
    assertThat(GitRefNames.branchNameProblem(null)).contains("is required");
  }

  @Test
  void enforcesLengthLimit() {
    assertThat(GitRefNames.isValidBranchName("b".repeat(255))).isTrue();
    assertThat(GitRefNames.branchNameProblem("b".repeat(256)))
        .contains("must be at most 255 characters");
  }

  @Test
  void messagesNameTheRule() {
    assertThat(GitRefNames.branchNameProblem("a..b")).contains("must not contain '..'");
    assertThat(GitRefNames.branchNameProblem("-x")).contains("must not start with '-'");
    assertThat(GitRefNames.branchNameProblem("x.lock"))
        .contains("must not have a path component ending with '.lock'");
    assertThat(GitRefNames.branchNameProblem("x@{y")).contains("must not contain '@{'");
  }
}
