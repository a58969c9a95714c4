package dev.vigil.kit.pagination;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class GitHubPageTest {

  private static final URI REQUEST =
      URI.create(
          "https://vigil.example/repos/acme/api/code-scanning/alerts?state=open&page=2&per_page=10");

  @Test
  void defaultsAndCapsFollowGitHub() {
    assertThat(GitHubPage.of(null, null)).isEqualTo(new GitHubPage(1, 30));
    assertThat(GitHubPage.of(0, 500)).isEqualTo(new GitHubPage(1, 100));
    assertThat(GitHubPage.of(3, 10).offset()).isEqualTo(20);
  }

  @Test
  void middlePageLinksAllFourRelationsAndKeepsOtherParameters() {
    String link = GitHubPage.of(2, 10).linkHeader(REQUEST, 35);
    assertThat(link)
        .contains("page=3&per_page=10>; rel=\"next\"")
        .contains("page=4&per_page=10>; rel=\"last\"")
        .contains("page=1&per_page=10>; rel=\"first\"")
        .contains("page=1&per_page=10>; rel=\"prev\"")
        .contains("state=open");
  }

  @Test
  void firstAndLastPagesOmitWhatDoesNotExist() {
    assertThat(GitHubPage.of(1, 10).linkHeader(REQUEST, 35))
        .doesNotContain("rel=\"prev\"", "rel=\"first\"");
    assertThat(GitHubPage.of(4, 10).linkHeader(REQUEST, 35))
        .doesNotContain("rel=\"next\"", "rel=\"last\"");
    assertThat(GitHubPage.of(1, 30).linkHeader(REQUEST, 12)).isNull();
  }
}
