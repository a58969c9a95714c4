package dev.vigil.testkit.secrets;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;

/** GitHub tokens in GitHub's own format, which the secret detectors accept only when valid. */
public final class GitHubTokens {

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private GitHubTokens() {}

  /** A personal access token: {@code ghp_}, 30 base62 characters, and their CRC32 in base62. */
  public static String personalAccessToken(Random random) {
    StringBuilder body = new StringBuilder(30);
    for (int i = 0; i < 30; i++) {
      body.append(BASE62.charAt(random.nextInt(BASE62.length())));
    }
    CRC32 crc = new CRC32();
    crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] check = new char[6];
    for (int i = 5; i >= 0; i--) {
      check[i] = BASE62.charAt((int) (value % 62));
      value /= 62;
    }
    return "ghp_" + body + new String(check);
  }
}
