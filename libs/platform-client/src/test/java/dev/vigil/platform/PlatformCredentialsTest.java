package dev.vigil.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PlatformCredentialsTest {

  @Test
  void toStringNeverShowsSecrets() {
    PlatformCredentials token =
        PlatformCredentials.token("ghp_secretvalue", "https://github.example.com/api/v3/");
    PlatformCredentials app = PlatformCredentials.appPassword("ci-bot", "app-secret");

    assertThat(token.toString())
        .doesNotContain("ghp_secretvalue")
        .contains("https://github.example.com/api/v3");
    assertThat(app.toString()).doesNotContain("app-secret").doesNotContain("ci-bot");
  }

  @Test
  void jsonSerialisationCannotLeakThem() {
    String out;
    try {
      out =
          new ObjectMapper()
              .writeValueAsString(PlatformCredentials.appPassword("ci-bot", "app-secret"));
    } catch (JsonProcessingException e) {
      out = e.getMessage();
    }
    assertThat(out).doesNotContain("app-secret");
  }

  @Test
  void baseUrlIsNormalised() {
    assertThat(PlatformCredentials.token("t", "https://gitlab.company.com//").baseUrl())
        .isEqualTo("https://gitlab.company.com");
    assertThat(PlatformCredentials.token("t", " ").baseUrl()).isNull();
    assertThat(PlatformCredentials.token("t").baseUrl()).isNull();
  }

  @Test
  void baseUrlWithCredentialsIsRefusedWithoutEchoingThem() {
    assertThatThrownBy(
            () -> PlatformCredentials.token("t", "https://bot:hunter2@github.example.com/api/v3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PlatformCredentials.token("t", "ftp://example.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PlatformCredentials.token("t", "https://example.com/?a=b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blankSecretsAreRefused() {
    assertThatThrownBy(() -> PlatformCredentials.token(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PlatformCredentials.appPassword("bob", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PlatformCredentials.appPassword("a:b", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void factoryGivesEachPlatformItsClient() {
    for (Platform p : Platform.values()) {
      assertThat(PlatformClients.forPlatform(p).platform()).isEqualTo(p);
      assertThat(PlatformClients.forPlatform(p)).isSameAs(PlatformClients.forPlatform(p));
      assertThat(Platform.fromWireName(p.wireName())).isEqualTo(p);
    }
    assertThatThrownBy(() -> Platform.fromWireName("svn"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryAfterUnderstandsDatesAndDeltas() {
    assertThat(
            HttpTransport.retryAfter(
                java.net.http.HttpHeaders.of(
                    java.util.Map.of("ratelimit-reset", java.util.List.of("17")), (a, b) -> true)))
        .hasSeconds(17);
    assertThat(
            HttpTransport.retryAfter(
                java.net.http.HttpHeaders.of(
                    java.util.Map.of(
                        "retry-after", java.util.List.of("Wed, 21 Oct 2015 07:28:00 GMT")),
                    (a, b) -> true)))
        .isZero();
  }
}
