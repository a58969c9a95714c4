package dev.vigil.secrets.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a secret into the keyed hash that identifies it within one tenant (GitGuardian's {@code
 * secret_hash}). The tenant is part of the message, so the same secret has unrelated hashes in two
 * tenants and a hash says nothing to whoever lacks the key.
 */
public final class SecretHasher {

  private static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_KEY_BYTES = 32;

  private final SecretKeySpec key;

  /**
   * @param base64Key base64 of at least 32 bytes
   * @throws IllegalArgumentException when the key is not base64 or too short (the message never
   *     contains the key)
   */
  public SecretHasher(String base64Key) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64Key.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("vigil.secrets.incidents.hash-key is not base64");
    }
    if (bytes.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "vigil.secrets.incidents.hash-key needs at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(bytes, ALGORITHM);
  }

  /** Base64 (no padding) of HMAC-SHA256(key, tenant id ‖ 0 ‖ secret). */
  public String hash(UUID tenantId, String secret) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(tenantId.toString().getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) 0);
      byte[] digest = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /**
   * What may be shown of a secret: its first characters (often a provider prefix) and last two,
   * never more than a quarter of it; a short secret shows nothing.
   */
  public static String preview(String secret) {
    int length = secret.codePointCount(0, secret.length());
    if (length < 12) {
      return "*".repeat(Math.max(length, 1));
    }
    int head = Math.min(4, length / 4 - 2);
    int[] points = secret.codePoints().toArray();
    return new String(points, 0, Math.max(head, 0)) + "…" + new String(points, length - 2, 2);
  }
}
