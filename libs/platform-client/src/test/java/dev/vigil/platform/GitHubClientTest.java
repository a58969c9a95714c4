package dev.vigil.platform;

import static dev.vigil.platform.FakeServer.bytes;
import static dev.vigil.platform.FakeServer.chunked;
import static dev.vigil.platform.FakeServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.vigil.platform.PlatformException.Kind;
import dev.vigil.platform.RepositoryMetadata.Visibility;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubClientTest {

  private static final String TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
  private static final String REPO_JSON =
      """
      {"id":1296269,"name":"checkout-api","full_name":"acme/checkout-api","private":true,
       "visibility":"private","default_branch":"main","owner":{"login":"acme"}}
      """;

  private final FakeServer github = FakeServer.start();
  private final FakeServer codeload = FakeServer.start();
  private final PlatformClientConfig config =
      PlatformClientConfig.defaults()
          .withGithubApiBase(github.url())
          .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(700));
  private final PlatformClient client = PlatformClients.forPlatform(Platform.GITHUB, config);
  private final PlatformCredentials credentials = PlatformCredentials.token(TOKEN);

  @AfterEach
  void stop() {
    github.close();
    codeload.close();
  }

  @Test
  void fetchesRepositoryWithGitHubHeaders() {
    github.on("/repos/acme/checkout-api", json(200, REPO_JSON));

    RepositoryMetadata metadata = client.fetchRepository(credentials, "acme/checkout-api");

    assertThat(metadata)
        .isEqualTo(new RepositoryMetadata("acme/checkout-api", "main", Visibility.PRIVATE, true));
    FakeServer.Recorded request = github.last();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.header("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(request.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    assertThat(request.header("User-Agent")).isEqualTo("vigil-platform-client");
  }

  @Test
  void enterpriseServerUsesTheCredentialsBaseUrl() {
    github.on(
        "/api/v3/repos/acme/checkout-api",
        json(200, REPO_JSON.replace("\"visibility\":\"private\"", "\"visibility\":\"internal\"")));
    // The configured default base points nowhere: only the credentials' base may be used.
    PlatformClient onlyGhes =
        PlatformClients.forPlatform(
            Platform.GITHUB, config.withGithubApiBase("http://127.0.0.1:9"));

    RepositoryMetadata metadata =
        onlyGhes.fetchRepository(
            PlatformCredentials.token(TOKEN, github.url() + "/api/v3/"), "acme/checkout-api");

    assertThat(metadata.visibility()).isEqualTo(Visibility.INTERNAL);
    assertThat(github.last().rawPath()).isEqualTo("/api/v3/repos/acme/checkout-api");
    assertThat(github.last().header("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void workflowRunIsReadWithTheCredentialsAndReturnedUnchanged() {
    String run =
        "{\"id\":4242,\"path\":\".github/workflows/scan.yml\",\"run_attempt\":1,"
            + "\"workflow_url\":\"https://api.github.com/repos/acme/app/actions/workflows/7\"}";
    github.on("/repos/acme/app/actions/runs/4242?exclude_pull_requests=true", json(200, run));

    var answer = client.fetchWorkflowRun(credentials, "acme/app", 4242, true);

    assertThat(answer.path("path").asText()).isEqualTo(".github/workflows/scan.yml");
    assertThat(answer.path("workflow_url").asText()).endsWith("/actions/workflows/7");
    assertThat(github.last().method()).isEqualTo("GET");
    assertThat(github.last().rawQuery()).isEqualTo("exclude_pull_requests=true");
    assertThat(github.last().header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThatThrownBy(() -> client.fetchWorkflowRun(credentials, "acme/app", 4243, false))
        .asInstanceOf(type(PlatformException.class))
        .extracting(PlatformException::kind)
        .isEqualTo(Kind.NOT_FOUND);
    assertThatThrownBy(
            () ->
                PlatformClients.forPlatform(Platform.GITLAB, config)
                    .fetchWorkflowRun(PlatformCredentials.token(TOKEN), "acme/app", 1, false))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void olderServersWithoutVisibilityFallBackToPrivateFlag() {
    github.on(
        "/repos/acme/site",
        json(
            200,
            "{\"full_name\":\"acme/site\",\"private\":false,\"default_branch\":\"gh-pages\"}"));

    RepositoryMetadata metadata = client.fetchRepository(credentials, "acme/site");

    assertThat(metadata.visibility()).isEqualTo(Visibility.PUBLIC);
    assertThat(metadata.defaultBranch()).isEqualTo("gh-pages");
  }

  @Test
  void unauthorizedNeverShowsTheToken() {
    github.on("/repos/acme/checkout-api", json(401, "{\"message\":\"Bad credentials\"}"));

    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/checkout-api"))
        .asInstanceOf(type(PlatformException.class))
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.platform()).isEqualTo(Platform.GITHUB);
              assertThat(e.getMessage())
                  .contains("401", "/repos/acme/checkout-api")
                  .doesNotContain(TOKEN)
                  .doesNotContain("Bearer");
              assertThat(String.valueOf(e)).doesNotContain(TOKEN);
            });
  }

  @Test
  void rejectedTokenOnPublicRepositoryReportsInvalidCredentials() {
    github.on(
        "/repos/acme/site",
        exchange -> {
          boolean authenticated = exchange.getRequestHeaders().containsKey("Authorization");
          json(
                  authenticated ? 401 : 200,
                  authenticated
                      ? "{\"message\":\"Bad credentials\"}"
                      : "{\"full_name\":\"acme/site\",\"visibility\":\"public\","
                          + "\"default_branch\":\"main\"}")
              .respond(exchange);
        });

    RepositoryMetadata metadata = client.fetchRepository(credentials, "acme/site");

    assertThat(metadata.credentialsValid()).isFalse();
    assertThat(metadata.visibility()).isEqualTo(Visibility.PUBLIC);
    assertThat(github.requests()).hasSize(2);
    assertThat(github.last().header("Authorization")).isNull();
  }

  @Test
  void forbiddenIsUnauthorizedUnlessRateLimited() {
    github.on("/repos/acme/a", json(403, "{\"message\":\"Resource not accessible\"}"));
    long reset = Instant.now().plusSeconds(120).getEpochSecond();
    github.on(
        "/repos/acme/b",
        FakeServer.status(
            403, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(reset))));
    github.on("/repos/acme/c", FakeServer.status(429, Map.of("Retry-After", "30")));

    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/a"))
        .asInstanceOf(type(PlatformException.class))
        .extracting(PlatformException::kind)
        .isEqualTo(Kind.UNAUTHORIZED);
    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/b"))
        .asInstanceOf(type(PlatformException.class))
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.retryAfter()).get().matches(d -> d.toSeconds() > 60);
            });
    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/c"))
        .asInstanceOf(type(PlatformException.class))
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
            });
  }

  @Test
  void missingRepositoryIsNotFound() {
    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/nope"))
        .asInstanceOf(type(PlatformException.class))
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
              assertThat(e.status()).isEqualTo(404);
            });
  }

  @Test
  void serverErrorsAndTimeoutsAreUnavailable() {
    github.on("/repos/acme/broken", json(502, "{}"));
    github.on("/repos/acme/slow", FakeServer.stall(3_000));

    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/broken"))
        .asInstanceOf(type(PlatformException.class))
        .extracting(PlatformException::kind)
        .isEqualTo(Kind.UNAVAILABLE);
    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/slow"))
        .asInstanceOf(type(PlatformException.class))
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
              assertThat(e.status()).isZero();
              assertThat(e.getMessage()).contains("timed out");
            });
  }

  @Test
  void unreachableHostIsUnavailable() {
    PlatformClient nowhere =
        PlatformClients.forPlatform(
            Platform.GITHUB, config.withGithubApiBase("http://127.0.0.1:9"));

    assertThatThrownBy(() -> nowhere.fetchRepository(credentials, "acme/checkout-api"))
        .asInstanceOf(type(PlatformException.class))
        .extracting(PlatformException::kind)
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void malformedOrOversizedMetadataIsInvalid() {
    github.on("/repos/acme/html", bytes(200, "text/html", "<html>login</html>".getBytes()));
    github.on(
        "/repos/acme/huge",
        json(200, "{\"full_name\":\"" + "x".repeat(2 << 20) + "\",\"private\":true}"));

    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/html"))
        .asInstanceOf(type(PlatformException.class))
        .extracting(PlatformException::kind)
        .isEqualTo(Kind.INVALID_RESPONSE);
    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/huge"))
        .asInstanceOf(type(PlatformException.class))
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
              assertThat(e.getMessage()).contains("larger than 1048576");
            });
  }

  @Test
  void followsRenamedRepositoryRedirectWithCredentials() {
    github.on("/repos/acme/old-name", FakeServer.redirect(301, "/repositories/1296269"));
    github.on("/repositories/1296269", json(200, REPO_JSON));

    RepositoryMetadata metadata = client.fetchRepository(credentials, "acme/old-name");

    assertThat(metadata.fullName()).isEqualTo("acme/checkout-api");
    assertThat(github.last().header("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void archiveFollowsRedirectWithoutLeakingTheToken() throws Exception {
    byte[] zip = "PK\u0003\u0004 fake zip".getBytes(StandardCharsets.ISO_8859_1);
    github.on(
        "/repos/acme/checkout-api/zipball/feature/login-form",
        FakeServer.redirect(
            302,
            codeload.url()
                + "/acme/checkout-api/legacy.zip/refs/heads/feature/login-form"
                + "?token=SIGNED"));
    codeload.on(
        "/acme/checkout-api/legacy.zip/refs/heads/feature/login-form?token=SIGNED",
        bytes(200, "application/zip", zip));

    try (InputStream in =
        client.downloadArchive(credentials, "acme/checkout-api", "feature/login-form", 1024)) {
      assertThat(in.readAllBytes()).isEqualTo(zip);
    }
    assertThat(github.last().header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(codeload.last().header("Authorization")).isNull();
  }

  @Test
  void archivePastTheLimitStops() {
    github.on("/repos/acme/big/zipball/main", chunked("application/zip", 300_000));

    assertThatThrownBy(
            () -> {
              try (InputStream in =
                  client.downloadArchive(credentials, "acme/big", "main", 100_000)) {
                in.readAllBytes();
              }
            })
        .asInstanceOf(type(PlatformException.class))
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
              assertThat(e.getMessage()).contains("100000");
            });
  }

  @Test
  void archiveWithDeclaredLengthPastTheLimitFailsBeforeReading() {
    github.on("/repos/acme/big/zipball/main", bytes(200, "application/zip", new byte[5_000]));

    assertThatThrownBy(() -> client.downloadArchive(credentials, "acme/big", "main", 4_999))
        .asInstanceOf(type(PlatformException.class))
        .extracting(PlatformException::kind)
        .isEqualTo(Kind.TOO_LARGE);
  }

  @Test
  void archiveExactlyAtTheLimitIsFine() throws Exception {
    github.on("/repos/acme/edge/zipball/v1.0.0", chunked("application/zip", 4_096));

    try (InputStream in = client.downloadArchive(credentials, "acme/edge", "v1.0.0", 4_096)) {
      assertThat(in.readAllBytes()).hasSize(4_096);
    }
  }

  @Test
  void stalledArchiveTimesOut() {
    github.on("/repos/acme/stuck/zipball/main", FakeServer.stallAfter(10, 5_000));

    long start = System.nanoTime();
    assertThatThrownBy(
            () -> {
              try (InputStream in =
                  client.downloadArchive(credentials, "acme/stuck", "main", 1 << 20)) {
                in.readAllBytes();
              }
            })
        .asInstanceOf(type(PlatformException.class))
        .extracting(PlatformException::kind)
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void credentialsStayOnTheirOrigin() {
    assertThat(
            HttpTransport.sameOrigin(
                URI.create("https://api.github.com/x"), URI.create("https://API.github.com:443/y")))
        .isTrue();
    assertThat(
            HttpTransport.sameOrigin(
                URI.create("https://api.github.com/x"),
                URI.create("https://codeload.github.com/y")))
        .isFalse();
    assertThat(
            HttpTransport.sameOrigin(
                URI.create("https://api.github.com/x"), URI.create("http://api.github.com/x")))
        .isFalse();
  }

  @Test
  void httpsNeverRedirectsToHttp() {
    // On the transport directly: the fake servers only speak plain HTTP.
    HttpTransport transport =
        new HttpTransport(Platform.GITHUB, HttpTransport.newHttpClient(config), config);
    HttpHeaders downgrade =
        HttpHeaders.of(Map.of("location", List.of("http://api.github.com/x")), (k, v) -> true);

    assertThatThrownBy(
            () -> transport.redirectTarget(302, downgrade, URI.create("https://api.github.com/y")))
        .asInstanceOf(type(PlatformException.class))
        .extracting(PlatformException::kind)
        .isEqualTo(Kind.INVALID_RESPONSE);
  }

  @Test
  void redirectLoopIsInvalid() {
    github.on("/repos/acme/loop", FakeServer.redirect(302, "/repos/acme/loop"));

    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/loop"))
        .asInstanceOf(type(PlatformException.class))
        .extracting(PlatformException::kind)
        .isEqualTo(Kind.INVALID_RESPONSE);
  }

  @Test
  void refusesNamesThatCouldEscapeTheApiPath() {
    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/../admin"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.fetchRepository(credentials, "acme/x?y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.downloadArchive(credentials, "acme/x", "../../etc", 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(github.requests()).isEmpty();
  }
}
