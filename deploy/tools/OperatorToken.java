import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * Prints a new bootstrap operator token in Vigil's API token format ({@code vgl_}, 32 random base62
 * characters, a 6-character CRC32 checksum), for the gateway's {@code operator-token} secret.
 *
 * <p>Run with any JDK 21+, no build needed: {@code java deploy/tools/OperatorToken.java}
 */
public class OperatorToken {
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  public static void main(String[] args) {
    SecureRandom random = new SecureRandom();
    StringBuilder token = new StringBuilder("vgl_");
    for (int i = 0; i < 32; i++) {
      token.append(BASE62.charAt(random.nextInt(BASE62.length())));
    }
    CRC32 crc = new CRC32();
    crc.update(token.substring(4).getBytes(StandardCharsets.US_ASCII));
    long rest = crc.getValue();
    char[] checksum = new char[6];
    for (int i = 5; i >= 0; i--) {
      checksum[i] = BASE62.charAt((int) (rest % BASE62.length()));
      rest /= BASE62.length();
    }
    System.out.println(token.append(checksum));
  }
}
