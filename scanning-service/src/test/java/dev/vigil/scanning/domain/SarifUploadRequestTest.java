package dev.vigil.scanning.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SarifUploadRequestTest {

  private static final String SHA1 = "4b6472266afd7b471e86085a6659e8c7f2b119da";
  private static final String SARIF = SarifTestSupport.encode(SarifTestSupport.log());

  private static SarifUploadRequest request(String sha, String ref) {
    return SarifUploadRequest.of(sha, ref, SARIF, null, null, null, null);
  }

  private static void assertInvalid(Runnable call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SarifException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.reason()).isEqualTo(SarifException.Reason.INVALID_FIELD);
              assertThat(e.field()).isEqualTo(field);
            });
  }

  @Test
  void acceptsGitHubsExampleAndNormalisesFields() {
    SarifUploadRequest r =
        SarifUploadRequest.of(
            SHA1.toUpperCase(),
            "refs/heads/master",
            SARIF,
            "file:///github/workspace/",
            "2024-01-31T12:00:00Z",
            "  ",
            true);
    assertThat(r.commitSha()).isEqualTo(SHA1);
    assertThat(r.startedAt()).isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
    assertThat(r.toolName()).as("blank tool_name means absent").isNull();
    assertThat(r.validate()).isTrue();
    assertThat(SarifUploadRequest.of(SHA1, "refs/heads/x", SARIF, null, null, "T", null).validate())
        .isFalse();
  }

  @Test
  void acceptsSha256Commits() {
    String sha256 = "a".repeat(64);
    assertThat(request(sha256, "refs/heads/main").commitSha()).isEqualTo(sha256);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        "4b6472266afd7b471e86085a6659e8c7f2b119d",
        "4b6472266afd7b471e86085a6659e8c7f2b119dag",
        "4b6472266afd7b471e86085a6659e8c7f2b119da0",
        "zb6472266afd7b471e86085a6659e8c7f2b119da"
      })
  void rejectsBadCommitShas(String sha) {
    assertInvalid(() -> request(sha, "refs/heads/main"), "commit_sha");
    assertInvalid(() -> request("a".repeat(63), "refs/heads/main"), "commit_sha");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "refs/heads/main",
        "refs/heads/feature/login-form",
        "refs/tags/v1.2.3",
        "refs/pull/42/merge",
        "refs/pull/42/head"
      })
  void acceptsDocumentedRefFormats(String ref) {
    assertThat(request(SHA1, ref).ref()).isEqualTo(ref);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "main",
        "refs/heads/",
        "refs/remotes/origin/main",
        "refs/pull/42",
        "refs/pull/42/merged",
        "refs/pull/abc/merge",
        "refs/pull/0/head",
        "refs/heads/a..b",
        "refs/heads/has space",
        "refs/heads/x.lock",
        "refs/heads/.hidden",
        "refs/heads/trailing/",
        "refs/tags/a~1"
      })
  void rejectsOtherRefs(String ref) {
    assertInvalid(() -> request(SHA1, ref), "ref");
  }

  @Test
  void requiresCommitRefAndSarif() {
    assertInvalid(() -> request(null, "refs/heads/main"), "commit_sha");
    assertInvalid(() -> request(SHA1, null), "ref");
    assertInvalid(
        () -> SarifUploadRequest.of(SHA1, "refs/heads/main", "", null, null, null, null), "sarif");
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2024-01-31", "2024-01-31T12:00:00", "31/01/2024 12:00"})
  void rejectsStartedAtThatIsNotAnIsoTimestamp(String startedAt) {
    assertInvalid(
        () -> SarifUploadRequest.of(SHA1, "refs/heads/main", SARIF, null, startedAt, null, null),
        "started_at");
  }

  @Test
  void acceptsOffsetsAndFractionsInStartedAt() {
    assertThat(
            SarifUploadRequest.of(
                    SHA1, "refs/heads/main", SARIF, null, "2024-01-31T13:00:00.5+01:00", null, null)
                .startedAt())
        .isEqualTo(Instant.parse("2024-01-31T12:00:00.500Z"));
  }

  @Test
  void checkoutUriMustBeAbsolute() {
    assertThat(
            SarifUploadRequest.of(
                    SHA1, "refs/heads/main", SARIF, "/github/workspace", null, null, null)
                .checkoutUri())
        .isEqualTo("/github/workspace");
    assertInvalid(
        () ->
            SarifUploadRequest.of(SHA1, "refs/heads/main", SARIF, "relative/dir", null, null, null),
        "checkout_uri");
    assertInvalid(
        () -> SarifUploadRequest.of(SHA1, "refs/heads/main", SARIF, "mailto:x@y", null, null, null),
        "checkout_uri");
  }

  @Test
  void toStringNeverShowsThePayload() {
    SarifUploadRequest r = request(SHA1, "refs/heads/main");
    assertThat(r.toString()).doesNotContain(SARIF).contains("sarif=<" + SARIF.length() + " chars>");
  }

  @Test
  void payloadDecodesTheSarifField() {
    SarifParseReport report =
        new SarifStreamParser().inspect(request(SHA1, "refs/heads/main").payload());
    assertThat(report.analyses()).isEmpty();
  }
}
