package dev.vigil.repoconfig.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String fp(String body) {
    return RequestFingerprint.of("POST", "/v1/config/repos", utf8(body));
  }

  @Test
  void isLowerCaseSha256Hex() {
    assertThat(fp("{}")).matches("[0-9a-f]{64}");
  }

  @Test
  void ignoresWhitespaceAndKeyOrder() {
    String compact =
        "{\"platform\":\"github\",\"credentials\":{\"token\":\"ghp_x\"},"
            + "\"repositories\":[\"acme/a\",\"acme/b\"],\"lookbackDays\":30}";
    String reordered =
        """
        {
          "lookbackDays" : 30,
          "repositories" : [ "acme/a", "acme/b" ],
          "credentials"  : { "token": "ghp_x" },
          "platform"     : "github"
        }
        """;
    assertThat(fp(reordered)).isEqualTo(fp(compact));
  }

  @Test
  void sortsNestedObjectsButKeepsArrayOrder() {
    assertThat(fp("{\"a\":[{\"y\":1,\"x\":2}]}")).isEqualTo(fp("{\"a\":[{\"x\":2,\"y\":1}]}"));
    assertThat(fp("{\"r\":[\"acme/a\",\"acme/b\"]}"))
        .isNotEqualTo(fp("{\"r\":[\"acme/b\",\"acme/a\"]}"));
  }

  @Test
  void differentValuesGiveDifferentFingerprints() {
    assertThat(fp("{\"lookbackDays\":30}")).isNotEqualTo(fp("{\"lookbackDays\":31}"));
    assertThat(fp("{\"lookbackDays\":30}")).isNotEqualTo(fp("{\"lookbackDays\":\"30\"}"));
    assertThat(fp("{\"a\":null}")).isNotEqualTo(fp("{}"));
    assertThat(fp("{\"a\":true}")).isNotEqualTo(fp("{\"a\":false}"));
  }

  @Test
  void equivalentNumbersAndStringEscapesAreEqual() {
    assertThat(fp("{\"lookbackDays\":30}"))
        .isEqualTo(fp("{\"lookbackDays\":30.0}"))
        .isEqualTo(fp("{\"lookbackDays\":3e1}"));
    assertThat(fp("{\"x\":0.50}")).isEqualTo(fp("{\"x\":0.5}"));
    assertThat(fp("{\"s\":\"\\u0041\"}")).isEqualTo(fp("{\"s\":\"A\"}"));
  }

  @Test
  void hugeExponentsDoNotExpand() {
    byte[] canonical = RequestFingerprint.canonicalize(utf8("{\"x\":1e1000000}"));
    assertThat(canonical.length).isLessThan(100);
  }

  @Test
  void canonicalFormIsSortedCompactJson() {
    assertThat(
            new String(
                RequestFingerprint.canonicalize(
                    utf8(" { \"b\" : [1, 2.50], \"a\" : {\"d\":null,\"c\":\"x\"} } ")),
                StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":{\"c\":\"x\",\"d\":null},\"b\":[1,2.5]}");
  }

  @Test
  void methodAndPathAreBound() {
    byte[] body = utf8("{}");
    String post = RequestFingerprint.of("POST", "/v1/config/repos", body);
    assertThat(RequestFingerprint.of("post", "/v1/config/repos", body)).isEqualTo(post);
    assertThat(RequestFingerprint.of("PUT", "/v1/config/repos", body)).isNotEqualTo(post);
    assertThat(RequestFingerprint.of("POST", "/v1/config/repos/rc_1", body)).isNotEqualTo(post);
    // Length prefixes: moving bytes between path and body must not collide.
    assertThat(RequestFingerprint.of("POST", "/a", utf8("1")))
        .isNotEqualTo(RequestFingerprint.of("POST", "/a1", new byte[0]));
  }

  @Test
  void nonJsonBodiesAreHashedRaw() {
    assertThat(fp("not json")).isNotEqualTo(fp("not  json"));
    assertThat(RequestFingerprint.canonicalize(utf8("{\"a\":1} trailing")))
        .isEqualTo(utf8("{\"a\":1} trailing"));
    // Duplicate keys are ambiguous, so they are not canonicalised away.
    assertThat(fp("{\"a\":1,\"a\":2}")).isNotEqualTo(fp("{\"a\":2}"));
    assertThat(RequestFingerprint.of("POST", "/p", null))
        .isEqualTo(RequestFingerprint.of("POST", "/p", new byte[0]));
  }
}
