package dev.vigil.platform;

import static dev.vigil.platform.FakeServer.bytes;
import static dev.vigil.platform.FakeServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.vigil.platform.PlatformException.Kind;
import dev.vigil.platform.RepositoryMetadata.Visibility;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitLabClientTest {

  private static final String TOKEN = "glpat-Xq7wL2mN9pR4sT6vY8zA";

  private final FakeServer gitlab = FakeServer.start();
  private final PlatformClientConfig config =
      PlatformClientConfig.defaults()
          .withGitlabBase(gitlab.url())
          .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
  private final PlatformClient client = PlatformClients.forPlatform(Platform.GITLAB, config);

  @AfterEach
  void stop() {
    gitlab.close();
  }

  @Test
  void selfHostedNestedGroupPathIsOneEncodedSegment() {
    gitlab.on(
        "/gitlab/api/v4/projects/group%2Fsub%2Fproject",
        json(
            200,
            """
            {"id":42,"path_with_namespace":"group/sub/project","default_branch":"develop",
             "visibility":"internal"}
            """));
    PlatformClient onlySelfHosted =
        PlatformClients.forPlatform(Platform.GITLAB, config.withGitlabBase("http://127.0.0.1:9"));

    RepositoryMetadata metadata =
        onlySelfHosted.fetchRepository(
            PlatformCredentials.token(TOKEN, gitlab.url() + "/gitlab"), "group/sub/project");

    assertThat(metadata)
        .isEqualTo(
            new RepositoryMetadata("group/sub/project", "develop", Visibility.INTERNAL, true));
    assertThat(gitlab.last().rawPath()).isEqualTo("/gitlab/api/v4/projects/group%2Fsub%2Fproject");
    assertThat(gitlab.last().header("PRIVATE-TOKEN")).isEqualTo(TOKEN);
    assertThat(gitlab.last().header("Authorization")).isNull();
  }

  @Test
  void gitlabComByDefault() {
    gitlab.on(
        "/api/v4/projects/acme%2Fcheckout-api",
        json(
            200,
            "{\"path_with_namespace\":\"acme/checkout-api\",\"default_branch\":null,"
                + "\"visibility\":\"public\"}"));

    RepositoryMetadata metadata =
        client.fetchRepository(PlatformCredentials.token(TOKEN), "acme/checkout-api");

    assertThat(metadata.defaultBranch()).isNull();
    assertThat(metadata.visibility()).isEqualTo(Visibility.PUBLIC);
  }

  @Test
  void archiveNamesTheRefAsSha() throws Exception {
    byte[] zip = {'P', 'K', 3, 4, 1, 2, 3};
    gitlab.on(
        "/api/v4/projects/group%2Fsub%2Fproject/repository/archive.zip?sha=release%2F2.1",
        bytes(200, "application/zip", zip));

    try (InputStream in =
        client.downloadArchive(
            PlatformCredentials.token(TOKEN), "group/sub/project", "release/2.1", 1 << 20)) {
      assertThat(in.readAllBytes()).isEqualTo(zip);
    }
    assertThat(gitlab.last().header("PRIVATE-TOKEN")).isEqualTo(TOKEN);
  }

  @Test
  void archiveSizeCapApplies() {
    gitlab.on(
        "/api/v4/projects/acme%2Fbig/repository/archive.zip?sha=main",
        FakeServer.chunked("application/zip", 50_000));

    assertThatThrownBy(
            () -> {
              try (InputStream in =
                  client.downloadArchive(
                      PlatformCredentials.token(TOKEN), "acme/big", "main", 10)) {
                in.readAllBytes();
              }
            })
        .asInstanceOf(type(PlatformException.class))
        .extracting(PlatformException::kind)
        .isEqualTo(Kind.TOO_LARGE);
  }

  @Test
  void unauthorizedNeverShowsTheToken() {
    gitlab.on("/api/v4/projects/acme%2Fprivate", json(401, "{\"message\":\"401 Unauthorized\"}"));

    assertThatThrownBy(
            () -> client.fetchRepository(PlatformCredentials.token(TOKEN), "acme/private"))
        .asInstanceOf(type(PlatformException.class))
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
              assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain("PRIVATE-TOKEN");
              assertThat(e.getSuppressed()).hasSize(1);
            });
  }

  @Test
  void missingProjectIsNotFound() {
    assertThatThrownBy(() -> client.fetchRepository(PlatformCredentials.token(TOKEN), "acme/nope"))
        .asInstanceOf(type(PlatformException.class))
        .extracting(PlatformException::kind)
        .isEqualTo(Kind.NOT_FOUND);
  }

  @Test
  void htmlInsteadOfAnArchiveIsInvalid() {
    gitlab.on(
        "/api/v4/projects/acme%2Fsso/repository/archive.zip?sha=main",
        bytes(200, "text/html; charset=utf-8", "<html>Sign in</html>".getBytes()));

    assertThatThrownBy(
            () -> client.downloadArchive(PlatformCredentials.token(TOKEN), "acme/sso", "main", 100))
        .asInstanceOf(type(PlatformException.class))
        .extracting(PlatformException::kind)
        .isEqualTo(Kind.INVALID_RESPONSE);
  }

  @Test
  void appPasswordsAreRefused() {
    assertThatThrownBy(
            () ->
                client.fetchRepository(
                    PlatformCredentials.appPassword("bob", "secret"), "acme/checkout-api"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }
}
