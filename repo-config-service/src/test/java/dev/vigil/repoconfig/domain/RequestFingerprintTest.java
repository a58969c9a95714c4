package dev.vigil.repoconfig.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

  private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final UUID PROJECT = UUID.fromString("00000000-0000-0000-0000-00000000000b");
  private static final byte[] K1 = key(1);
  private static final byte[] K2 = key(2);
  private static final RequestFingerprinter FINGERPRINTER =
      new RequestFingerprinter(KeyRing.of(Map.of("k1", K1), "k1"));

  private static byte[] key(int fill) {
    byte[] key = new byte[KeyRing.KEY_LENGTH_BYTES];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String fp(String method, String path, byte[] body) {
    return FINGERPRINTER.of(TENANT, PROJECT, method, path, body).value();
  }

  private static String fp(String body) {
    return fp("POST", "/v1/config/repos", utf8(body));
  }

  @Test
  void isKeyedByTheDeploymentAndScopedToTenantAndProject() throws Exception {
    byte[] body = utf8("{\"platform\":\"github\",\"credentials\":{\"token\":\"ghp_guess\"}}");
    String here = fp("POST", "/v1/config/repos", body);
    assertThat(FINGERPRINTER.of(PROJECT, PROJECT, "POST", "/v1/config/repos", body).value())
        .isNotEqualTo(here);
    assertThat(FINGERPRINTER.of(TENANT, TENANT, "POST", "/v1/config/repos", body).value())
        .isNotEqualTo(here);
    // Another deployment (another key) cannot reproduce it ...
    assertThat(
            new RequestFingerprinter(KeyRing.of(Map.of("k1", K2), "k1"))
                .of(TENANT, PROJECT, "POST", "/v1/config/repos", body)
                .value())
        .isNotEqualTo(here);
    // ... and neither can a plain SHA-256 of the body or of its canonical form.
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    assertThat(here)
        .isNotEqualTo(HexFormat.of().formatHex(sha256.digest(body)))
        .isNotEqualTo(
            HexFormat.of().formatHex(sha256.digest(RequestFingerprint.canonicalize(body))));
  }

  @Test
  void aFingerprintFromBeforeAKeyRotationStillMatches() {
    byte[] body = utf8("{\"lookbackDays\":30}");
    String beforeRotation = fp("POST", "/v1/config/repos", body);
    RequestFingerprinter rotated =
        new RequestFingerprinter(KeyRing.of(Map.of("k1", K1, "k2", K2), "k2"));
    RequestFingerprinter.Fingerprint now =
        rotated.of(TENANT, PROJECT, "POST", "/v1/config/repos", body);
    assertThat(now.value()).isNotEqualTo(beforeRotation);
    assertThat(now.matches(beforeRotation)).isTrue();
    assertThat(now.matches(fp("POST", "/v1/config/repos", utf8("{\"lookbackDays\":31}"))))
        .isFalse();
  }

  @Test
  void isLowerCaseHmacSha256Hex() {
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
    String post = fp("POST", "/v1/config/repos", body);
    assertThat(fp("post", "/v1/config/repos", body)).isEqualTo(post);
    assertThat(fp("PUT", "/v1/config/repos", body)).isNotEqualTo(post);
    assertThat(fp("POST", "/v1/config/repos/rc_1", body)).isNotEqualTo(post);
    // Length prefixes: moving bytes between path and body must not collide.
    assertThat(fp("POST", "/a", utf8("1"))).isNotEqualTo(fp("POST", "/a1", new byte[0]));
  }

  @Test
  void nonJsonBodiesAreHashedRaw() {
    assertThat(fp("not json")).isNotEqualTo(fp("not  json"));
    assertThat(RequestFingerprint.canonicalize(utf8("{\"a\":1} trailing")))
        .isEqualTo(utf8("{\"a\":1} trailing"));
    // Duplicate keys are ambiguous, so they are not canonicalised away.
    assertThat(fp("{\"a\":1,\"a\":2}")).isNotEqualTo(fp("{\"a\":2}"));
    assertThat(fp("POST", "/p", null)).isEqualTo(fp("POST", "/p", new byte[0]));
  }
}
