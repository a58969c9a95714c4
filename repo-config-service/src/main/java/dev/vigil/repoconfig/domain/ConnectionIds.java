package dev.vigil.repoconfig.domain;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Public ids of repository connections: {@code rc_} followed by 24 base62 characters (about 143
 * bits of randomness, so ids cannot be guessed or enumerated).
 */
public final class ConnectionIds {

  public static final String PREFIX = "rc_";
  public static final int RANDOM_LENGTH = 24;

  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final Pattern WELL_FORMED =
      Pattern.compile(PREFIX + "[0-9A-Za-z]{" + RANDOM_LENGTH + "}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ConnectionIds() {}

  public static String newId() {
    StringBuilder id = new StringBuilder(PREFIX.length() + RANDOM_LENGTH).append(PREFIX);
    for (int i = 0; i < RANDOM_LENGTH; i++) {
      // nextInt(bound) is unbiased, unlike byte % 62.
      id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return id.toString();
  }

  /** Cheap syntactic check before any lookup; a malformed id is simply not found (404). */
  public static boolean isWellFormed(String id) {
    return id != null
        && id.length() == PREFIX.length() + RANDOM_LENGTH
        && WELL_FORMED.matcher(id).matches();
  }
}
