package dev.vigil.gateway.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash of API tokens (HMAC-SHA256 with a server-side pepper), rendered as 64 lowercase hex
 * characters. Only this hash is stored: a database dump alone cannot be used to check guesses,
 * because the pepper lives in the gateway's configuration, not in the database.
 *
 * <p>Tokens carry 190 bits of randomness, so a fast keyed hash is enough; a slow password hash
 * would only cost latency on every request. Thread-safe.
 */
public final class TokenHasher {

  public static final String ALGORITHM = "HmacSHA256";

  /** 256 bits: a shorter pepper would make the key, not the hash, the weakest link. */
  public static final int MIN_PEPPER_BYTES = 32;

  /** Length of {@link #hash(String)}'s result. */
  public static final int HASH_HEX_LENGTH = 64;

  private static final HexFormat HEX = HexFormat.of();

  private final SecretKeySpec key;
  private final Mac prototype;

  public TokenHasher(byte[] pepper) {
    Objects.requireNonNull(pepper, "pepper");
    if (pepper.length < MIN_PEPPER_BYTES) {
      throw new IllegalArgumentException("pepper must be at least " + MIN_PEPPER_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(pepper.clone(), ALGORITHM);
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      this.prototype = mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " unavailable", e);
    }
  }

  /** Hex HMAC of the full token string (prefix and checksum included). */
  public String hash(String token) {
    Objects.requireNonNull(token, "token");
    return HEX.formatHex(newMac().doFinal(token.getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether {@code token} hashes to {@code expectedHash}, compared in constant time. */
  public boolean matches(String token, String expectedHash) {
    return token != null && constantTimeEquals(hash(token), expectedHash);
  }

  /**
   * Compares two strings without an early exit on the first differing character, so response time
   * does not reveal how much of a guessed hash was right. Null never equals anything.
   */
  public static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  // Mac instances are not thread-safe; cloning the keyed prototype skips provider lookup and key
  // setup on the hot path. Providers that cannot clone get a fresh instance.
  private Mac newMac() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      try {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(key);
        return mac;
      } catch (GeneralSecurityException inner) {
        throw new IllegalStateException(ALGORITHM + " unavailable", inner);
      }
    }
  }

  @Override
  public String toString() {
    return "TokenHasher[" + ALGORITHM + "]";
  }
}
