package dev.vigil.repoconfig.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.repoconfig.config.PlatformsConfig;
import dev.vigil.repoconfig.domain.Credentials;
import dev.vigil.repoconfig.domain.Platform;
import dev.vigil.repoconfig.service.PlatformMetadataClient.Fetched;
import dev.vigil.repoconfig.support.FakePlatforms;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wiring to libs/platform-client: a connection's own {@code baseUrl} (GitHub Enterprise Server,
 * self-managed GitLab) wins over the configured bases. The API only accepts https base URLs, so
 * this calls the client directly with the plain-http fake.
 */
class PlatformMetadataClientTest {

  private static final FakePlatforms FAKE = new FakePlatforms();
  private static String base;

  @BeforeAll
  static void start() {
    base = FAKE.start().get("vigil.test.fake-platforms");
  }

  @AfterAll
  static void stop() {
    FAKE.stop();
  }

  @Test
  void baseUrlOfTheCredentialsIsUsedForGitHubAndGitLab() {
    // Configured bases point nowhere: only the credentials' baseUrl can reach the fake.
    PlatformMetadataClient client = new PlatformMetadataClient(config("http://127.0.0.1:1"));

    Fetched github =
        client.fetch(
            Platform.GITHUB,
            new Credentials("ghp_good_ghes", null, null, base + "/github"),
            "acme/enterprise-app");
    assertThat(github.ok()).isTrue();
    assertThat(github.metadata().defaultBranch()).isEqualTo("main");
    assertThat(github.metadata().credentialsValid()).isTrue();

    Fetched gitlab =
        client.fetch(
            Platform.GITLAB,
            new Credentials("glpat-good-self", null, null, base + "/gitlab"),
            "acme/sub/internal-app");
    assertThat(gitlab.ok()).isTrue();
    assertThat(gitlab.metadata().visibility().wireName()).isEqualTo("internal");

    Fetched cloud =
        client.fetch(Platform.GITHUB, new Credentials("ghp_good", null, null, null), "acme/x");
    assertThat(cloud.error()).isEqualTo("unavailable");
  }

  @Test
  void failuresAreResultsNotExceptions() {
    PlatformMetadataClient client = new PlatformMetadataClient(config(base));
    assertThat(
            client
                .fetch(
                    Platform.BITBUCKET, new Credentials(null, "bot", "wrong", null), "acme/private")
                .error())
        .isEqualTo("unauthorized");
    assertThat(
            client
                .fetch(
                    Platform.GITHUB, new Credentials("ghp_good", null, null, null), "acme/missing")
                .error())
        .isEqualTo("not_found");
  }

  private static PlatformsConfig config(String root) {
    return new PlatformsConfig() {
      @Override
      public String githubApiBase() {
        return root + "/github";
      }

      @Override
      public String gitlabBase() {
        return root + "/gitlab";
      }

      @Override
      public String bitbucketApiBase() {
        return root + "/bitbucket/2.0";
      }

      @Override
      public String bitbucketWebBase() {
        return root + "/bitbucket-web";
      }

      @Override
      public Duration connectTimeout() {
        return Duration.ofSeconds(1);
      }

      @Override
      public Duration readTimeout() {
        return Duration.ofSeconds(1);
      }

      @Override
      public int parallelism() {
        return 1;
      }
    };
  }
}
