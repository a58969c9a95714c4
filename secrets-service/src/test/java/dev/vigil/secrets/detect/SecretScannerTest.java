package dev.vigil.secrets.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The engine's behaviour: positions, checksums, pairs, placeholders and pathological input. */
class SecretScannerTest {

  private static final SecretScanner ENGINE = SecretScanner.standard();

  /** A GitHub-format token whose last six characters are the CRC32 of the thirty before. */
  static String githubToken(String prefix, String random30) {
    CRC32 crc = new CRC32();
    crc.update(random30.getBytes(StandardCharsets.US_ASCII));
    return prefix + random30 + Validators.base62(crc.getValue());
  }

  @Test
  void basicAuthInUrlIsReportedAtGitGuardiansOffsets() {
    // The document of GitGuardian's recorded scan (py-gitguardian cassette "secret").
    String doc =
        "\n    import urllib.request\n    url = 'http://jen_barber:correcthorsebatterystaple@cake.gitguardian.com/isreal.json'\n    response = urllib.request.urlopen(url)\n    consume(response.read())\"\n";
    List<Finding> found = ENGINE.scan(doc);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).detector().displayName()).isEqualTo("Basic Auth String");
    assertThat(found.get(0).detector().groupName()).isEqualTo("basic_auth_string");
    assertThat(found.get(0).matches())
        .containsExactly(
            new SecretMatch("username", "jen_barber", 45, 54, 3, 3),
            new SecretMatch("password", "correcthorsebatterystaple", 56, 80, 3, 3),
            new SecretMatch("host", "cake.gitguardian.com", 82, 101, 3, 3));
  }

  @Test
  void githubTokenWithValidChecksumIsFoundAnywhere() {
    String token = githubToken("ghp_", "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0");
    assertThat(Validators.base62Crc32(token)).isTrue();
    String doc = "see " + token + " in the logs";
    List<Finding> found = ENGINE.scan(doc);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).detector().groupName()).isEqualTo("github_access_token");
    assertThat(found.get(0).matches().get(0))
        .isEqualTo(new SecretMatch("apikey", token, 4, 43, 1, 1));
  }

  @Test
  void githubLookAlikeWithoutChecksumNeedsAnAssignment() {
    String bad = "ghp_aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0AAAAAA".substring(0, 40);
    assertThat(Validators.base62Crc32(bad)).isFalse();
    assertThat(ENGINE.scan("see " + bad + " in the logs")).isEmpty();
    assertThat(ENGINE.scan("GITHUB_TOKEN=" + bad)).hasSize(1);
    assertThat(ENGINE.scan("GITHUB_TOKEN=ghp_" + "x".repeat(36))).isEmpty();
  }

  @Test
  void everyGithubTokenKindIsRecognised() {
    for (String prefix : List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_")) {
      String token = githubToken(prefix, "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0");
      assertThat(ENGINE.scan("x " + token + " y")).as(prefix).hasSize(1);
    }
    String pat =
        "github_pat_11AQ7DXK20aZ9yX8wV7uT6_"
            + "sR5qP4oN3mL2kJ1hG0fE9dC8bA7zY6xW5vU4tS3rQ2pO1nM0lK9jI8hG7fE";
    assertThat(pat).hasSize(93);
    assertThat(ENGINE.scan("token: " + pat))
        .extracting(f -> f.detector().name())
        .containsExactly("github_fine_grained_token");
  }

  @Test
  void awsKeyPairIsOneFindingWithIdAndSecret() {
    String doc =
        "[default]\naws_access_key_id = AKIAZ3MHT2QLXWVB7K4N\naws_secret_access_key = 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\n";
    List<Finding> found = ENGINE.scan(doc);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).detector().displayName()).isEqualTo("AWS Keys");
    assertThat(found.get(0).matches())
        .containsExactly(
            new SecretMatch("client_id", "AKIAZ3MHT2QLXWVB7K4N", 30, 49, 2, 2),
            new SecretMatch(
                "client_secret", "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", 75, 114, 3, 3));
  }

  @Test
  void documentedSampleKeysAndPlaceholdersAreNotSecrets() {
    assertThat(ENGINE.scan("aws_access_key_id = AKIAIOSFODNN7EXAMPLE")).isEmpty();
    assertThat(ENGINE.scan("password = ${DB_PASSWORD}")).isEmpty();
    assertThat(ENGINE.scan("password = \"<your-password>\"")).isEmpty();
    assertThat(ENGINE.scan("password: changeme")).isEmpty();
    assertThat(ENGINE.scan("api_key = \"xxxxxxxxxxxxxxxxxxxxxxxx\"")).isEmpty();
    assertThat(ENGINE.scan("secret = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaa\"")).isEmpty();
    assertThat(ENGINE.scan("administrator_login_password = var.db_password")).isEmpty();
    assertThat(ENGINE.scan("String password = getPassword();")).isEmpty();
  }

  @Test
  void privateKeyBlockIsOneMultiLineMatch() {
    String key =
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDm7G3q9W8x0ZQkq4t7sJxN2uYh5fVbL1pR6cA3dE9wKgAAAJg1c2FkZXJz\n-----END OPENSSH PRIVATE KEY-----";
    String doc = "# deploy key\n" + key + "\n";
    List<Finding> found = ENGINE.scan(doc);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).detector().family()).isEqualTo("private_key");
    SecretMatch m = found.get(0).matches().get(0);
    assertThat(m.match()).isEqualTo(key);
    assertThat(m.lineStart()).isEqualTo(2);
    assertThat(m.lineEnd()).isEqualTo(5);
    assertThat(m.indexStart()).isEqualTo(13);
    assertThat(m.indexEnd()).isEqualTo(13 + key.length() - 1);
  }

  @Test
  void offsetsCountCharactersNotUtf16Units() {
    // Two emoji (each two UTF-16 units) before the token: GitGuardian counts them as one each.
    String token = githubToken("ghp_", "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0");
    String doc = "😀😀 é\n" + token;
    SecretMatch m = ENGINE.scan(doc).get(0).matches().get(0);
    assertThat(m.indexStart()).isEqualTo(5);
    assertThat(m.indexEnd()).isEqualTo(44);
    assertThat(m.lineStart()).isEqualTo(2);
  }

  @Test
  void vigilTokensNeedTheirChecksum() {
    String token = DetectorCatalogueTest.vigilToken();
    assertThat(ENGINE.scan("token " + token))
        .extracting(f -> f.detector().name())
        .containsExactly("vigil_api_token");
    String broken = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
    assertThat(ENGINE.scan("token " + broken))
        .extracting(f -> f.detector().name())
        .doesNotContain("vigil_api_token");
  }

  @Test
  void pathologicalMegabyteInputsScanInBoundedTime() {
    int mb = 1 << 20;
    StringBuilder base64 = new StringBuilder(mb);
    java.util.Random random = new java.util.Random(1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    while (base64.length() < mb) {
      base64.append(alphabet.charAt(random.nextInt(64)));
    }
    List<String> inputs =
        List.of(
            "a".repeat(mb),
            base64.toString(),
            "password=\n".repeat(mb / 10),
            "ghp_".repeat(mb / 4),
            "ghp_abc\n".repeat(mb / 8),
            "AKIA".repeat(mb / 4),
            "-----BEGIN RSA PRIVATE KEY-----\n".repeat(mb / 32),
            "http://a:".repeat(mb / 9));
    for (String input : inputs) {
      long start = System.nanoTime();
      ENGINE.scan(input);
      // Generous: a linear engine needs well under a second; this only catches a blow-up.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
  }
}
