package dev.vigil.platform;

import static dev.vigil.platform.FakeServer.bytes;
import static dev.vigil.platform.FakeServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.vigil.platform.PlatformException.Kind;
import dev.vigil.platform.RepositoryMetadata.Visibility;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BitbucketClientTest {

  private static final String APP_PASSWORD = "ATBBzX9kq2LmN4pR7sT";
  private static final String BASIC =
      "Basic "
          + Base64.getEncoder()
              .encodeToString(("ci-bot:" + APP_PASSWORD).getBytes(StandardCharsets.UTF_8));

  private final FakeServer api = FakeServer.start();
  private final FakeServer web = FakeServer.start();
  private final PlatformClient client =
      PlatformClients.forPlatform(
          Platform.BITBUCKET,
          PlatformClientConfig.defaults()
              .withBitbucketBases(api.url() + "/2.0", web.url())
              .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
  private final PlatformCredentials credentials =
      PlatformCredentials.appPassword("ci-bot", APP_PASSWORD);

  @AfterEach
  void stop() {
    api.close();
    web.close();
  }

  @Test
  void fetchesRepositoryWithBasicAuth() {
    api.on(
        "/2.0/repositories/acme/checkout-api",
        json(
            200,
            """
            {"type":"repository","full_name":"acme/checkout-api","is_private":true,
             "mainbranch":{"type":"branch","name":"master"}}
            """));

    RepositoryMetadata metadata = client.fetchRepository(credentials, "acme/checkout-api");

    assertThat(metadata)
        .isEqualTo(new RepositoryMetadata("acme/checkout-api", "master", Visibility.PRIVATE, true));
    assertThat(api.last().header("Authorization")).isEqualTo(BASIC);
  }

  @Test
  void emptyRepositoryHasNoMainBranch() {
    api.on(
        "/2.0/repositories/acme/empty",
        json(200, "{\"full_name\":\"acme/empty\",\"is_private\":false,\"mainbranch\":null}"));

    RepositoryMetadata metadata = client.fetchRepository(credentials, "acme/empty");

    assertThat(metadata.defaultBranch()).isNull();
    assertThat(metadata.visibility()).isEqualTo(Visibility.PUBLIC);
  }

  @Test
  void accessTokenIsSentAsBearer() {
    api.on(
        "/2.0/repositories/acme/checkout-api",
        json(200, "{\"full_name\":\"acme/checkout-api\",\"is_private\":true}"));

    client.fetchRepository(PlatformCredentials.token("bbat_token"), "acme/checkout-api");

    assertThat(api.last().header("Authorization")).isEqualTo("Bearer bbat_token");
  }

  @Test
  void archiveComesFromTheWebHost() throws Exception {
    byte[] zip = {'P', 'K', 3, 4, 9};
    web.on("/acme/checkout-api/get/feature%2Fpay.zip", bytes(200, "application/zip", zip));

    try (InputStream in =
        client.downloadArchive(credentials, "acme/checkout-api", "feature/pay", 1 << 20)) {
      assertThat(in.readAllBytes()).isEqualTo(zip);
    }
    assertThat(web.last().header("Authorization")).isEqualTo(BASIC);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void archiveSizeCapApplies() {
    web.on("/acme/big/get/main.zip", FakeServer.chunked("application/zip", 70_000));

    assertThatThrownBy(
            () -> {
              try (InputStream in =
                  client.downloadArchive(credentials, "acme/big", "main", 65_536)) {
                in.readAllBytes();
              }
            })
        .asInstanceOf(type(PlatformException.class))
        .extracting(PlatformException::kind)
        .isEqualTo(Kind.TOO_LARGE);
  }

  @Test
  void unauthorizedNeverShowsTheAppPassword() {
    api.on("/2.0/repositories/acme/private", json(401, "{\"type\":\"error\"}"));

    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/private"))
        .asInstanceOf(type(PlatformException.class))
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
              assertThat(e.getMessage())
                  .doesNotContain(APP_PASSWORD)
                  .doesNotContain(BASIC.substring(6))
                  .doesNotContain("ci-bot");
            });
  }

  @Test
  void missingRepositoryIsNotFound() {
    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/nope"))
        .asInstanceOf(type(PlatformException.class))
        .extracting(PlatformException::kind)
        .isEqualTo(Kind.NOT_FOUND);
  }

  @Test
  void selfHostedBitbucketIsRefused() {
    assertThatThrownBy(
            () ->
                client.fetchRepository(
                    PlatformCredentials.token("t", "https://bitbucket.example.com"), "acme/x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nestedPathsAreRefused() {
    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/sub/repo"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
