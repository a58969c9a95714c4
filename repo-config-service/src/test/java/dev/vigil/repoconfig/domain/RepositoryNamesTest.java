package dev.vigil.repoconfig.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "acme/checkout-api",
        "octocat/Hello-World",
        "torvalds/linux",
        "microsoft/vscode",
        "a/b",
        "my-org-2/repo.name_with-all",
        "acme/.github",
        "acme/...",
        "x1/_private",
        "AcMe/REPO",
      })
  void gitHubAcceptsRealisticNames(String name) {
    assertThat(RepositoryNames.problem(Platform.GITHUB, name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "acme",
        "acme/checkout-api/extra",
        "/checkout-api",
        "acme/",
        "-acme/repo",
        "acme-/repo",
        "ac--me/repo",
        "ac_me/repo",
        "ac.me/repo",
        "acme/.",
        "acme/..",
        "acme/check out",
        "acme/repo!",
        "acme/répo",
        "acme\\repo",
      })
  void gitHubRejectsMalformedNames(String name) {
    assertThat(RepositoryNames.problem(Platform.GITHUB, name)).isPresent();
  }

  @Test
  void gitHubLengthLimits() {
    assertThat(RepositoryNames.isValid(Platform.GITHUB, "a".repeat(39) + "/r")).isTrue();
    assertThat(RepositoryNames.problem(Platform.GITHUB, "a".repeat(40) + "/r"))
        .hasValueSatisfying(m -> assertThat(m).startsWith("owner must be 1-39"));
    assertThat(RepositoryNames.isValid(Platform.GITHUB, "o/" + "r".repeat(100))).isTrue();
    assertThat(RepositoryNames.problem(Platform.GITHUB, "o/" + "r".repeat(101)))
        .hasValueSatisfying(m -> assertThat(m).startsWith("repository name must be 1-100"));
  }

  @Test
  void gitHubMessages() {
    assertThat(RepositoryNames.problem(Platform.GITHUB, "acme"))
        .contains("must be in owner/repo format");
    assertThat(RepositoryNames.problem(Platform.GITHUB, "acme/.."))
        .contains("repository name must not be '.' or '..'");
    assertThat(RepositoryNames.problem(Platform.GITHUB, "")).contains("is required");
    assertThat(RepositoryNames.problem(Platform.GITHUB, null)).contains("is required");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "acme/checkout-api",
        "gitlab-org/gitlab",
        "gitlab-org/gitlab-runner",
        "acme/platform/payments/checkout-api",
        "_internal/tools",
        "Acme.Corp/Project_1",
        "group/project.with.dots",
        "1group/2project",
        "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t",
      })
  void gitLabAcceptsRealisticNames(String name) {
    assertThat(RepositoryNames.problem(Platform.GITLAB, name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "acme",
        "acme//project",
        "acme/project/",
        "/acme/project",
        "-acme/project",
        "acme/.project",
        "acme/-project",
        "acme/project.git",
        "acme/project.GIT",
        "acme/project.atom",
        "acme.git/project",
        "acme/pro ject",
        "acme/proj@ct",
        "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u",
      })
  void gitLabRejectsMalformedNames(String name) {
    assertThat(RepositoryNames.problem(Platform.GITLAB, name)).isPresent();
  }

  @Test
  void gitLabMessages() {
    assertThat(RepositoryNames.problem(Platform.GITLAB, "acme/project.git"))
        .contains("path segments must not end with '.git' or '.atom'");
    assertThat(RepositoryNames.problem(Platform.GITLAB, "acme//p"))
        .contains("must not contain empty path segments");
    assertThat(RepositoryNames.problem(Platform.GITLAB, "acme"))
        .hasValueSatisfying(m -> assertThat(m).startsWith("must be in group/project format"));
    assertThat(RepositoryNames.problem(Platform.GITLAB, "acme/" + "p".repeat(256)))
        .contains("path segments must be at most 255 characters");
    assertThat(RepositoryNames.problem(Platform.GITLAB, "acme/.p"))
        .hasValueSatisfying(m -> assertThat(m).contains("must start with a letter, digit or '_'"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "acme/checkout-api",
        "atlassian/python-bitbucket",
        "my_team/repo.slug",
        "ws-1/r",
        "a/" + "s",
      })
  void bitbucketAcceptsRealisticNames(String name) {
    assertThat(RepositoryNames.problem(Platform.BITBUCKET, name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "acme",
        "acme/group/repo",
        "Acme/checkout-api",
        "acme/Checkout-Api",
        "ac.me/repo",
        "acme/",
        "/repo",
        "acme/.",
        "acme/..",
        "acme/re po",
      })
  void bitbucketRejectsMalformedNames(String name) {
    assertThat(RepositoryNames.problem(Platform.BITBUCKET, name)).isPresent();
  }

  @Test
  void bitbucketLengthLimitsAndMessages() {
    assertThat(RepositoryNames.isValid(Platform.BITBUCKET, "w".repeat(62) + "/" + "s".repeat(62)))
        .isTrue();
    assertThat(RepositoryNames.problem(Platform.BITBUCKET, "w".repeat(63) + "/s"))
        .hasValueSatisfying(m -> assertThat(m).startsWith("workspace must be 1-62"));
    assertThat(RepositoryNames.problem(Platform.BITBUCKET, "w/" + "s".repeat(63)))
        .hasValueSatisfying(m -> assertThat(m).startsWith("repository slug must be 1-62"));
    assertThat(RepositoryNames.problem(Platform.BITBUCKET, "a/b/c"))
        .contains("must be in workspace/repo-slug format");
  }

  @Test
  void overallLengthIsCapped() {
    String longName = "g/".repeat(600) + "p";
    assertThat(RepositoryNames.problem(Platform.GITLAB, longName))
        .contains("must be at most 1024 characters");
  }

  @Test
  void identityKeyIsCaseInsensitive() {
    assertThat(RepositoryNames.identityKey("Acme/Checkout-API"))
        .isEqualTo(RepositoryNames.identityKey("acme/checkout-api"));
  }

  @Test
  void messagesNeverEchoTheName() {
    String name = "SeCrEtOwNeR--x/SeCrEtRePo";
    assertThat(RepositoryNames.problem(Platform.GITHUB, name))
        .hasValueSatisfying(m -> assertThat(m).doesNotContain("SeCrEt"));
  }
}
