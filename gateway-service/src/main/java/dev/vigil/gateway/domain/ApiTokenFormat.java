package dev.vigil.gateway.domain;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Vigil API tokens: {@code vgl_} + 32 random base62 characters + 6 base62 characters holding the
 * CRC32 of the random part (42 characters in all).
 *
 * <p>The fixed prefix lets secret scanners recognise a leaked Vigil token, and the checksum lets
 * them (and the gateway) tell a real token from a look-alike or a typo without asking the database.
 * CRC32 catches every single-character substitution and every adjacent transposition, since either
 * changes at most 16 consecutive bits. 32 base62 characters give about 190 bits of randomness.
 */
public final class ApiTokenFormat {

  public static final String PREFIX = "vgl_";
  public static final int RANDOM_LENGTH = 32;

  /** 62^6 &gt; 2^32, so six digits always hold a CRC32. */
  public static final int CHECKSUM_LENGTH = 6;

  public static final int TOKEN_LENGTH = PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;

  private static final int RANDOM_START = PREFIX.length();
  private static final int CHECKSUM_START = RANDOM_START + RANDOM_LENGTH;

  private final TokenHasher hasher;
  private final SecureRandom random;

  public ApiTokenFormat(TokenHasher hasher) {
    this(hasher, new SecureRandom());
  }

  public ApiTokenFormat(TokenHasher hasher, SecureRandom random) {
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A new random token and its hash. */
  public IssuedToken generate() {
    char[] token = new char[TOKEN_LENGTH];
    PREFIX.getChars(0, RANDOM_START, token, 0);
    for (int i = RANDOM_START; i < CHECKSUM_START; i++) {
      // nextInt(bound) rejects biased draws, so every character is uniform over the alphabet.
      token[i] = Base62.ALPHABET.charAt(random.nextInt(Base62.RADIX));
    }
    Base62.encodeFixed(
        checksum(new String(token, RANDOM_START, RANDOM_LENGTH)),
        token,
        CHECKSUM_START,
        CHECKSUM_LENGTH);
    String plaintext = new String(token);
    return new IssuedToken(plaintext, hasher.hash(plaintext));
  }

  /**
   * Checks a presented string's structure and checksum. Cheap and allocation-light: run it before
   * any hashing or database access.
   */
  public static TokenParseResult parse(String candidate) {
    if (candidate == null || !candidate.startsWith(PREFIX)) {
      return new TokenParseResult.Malformed(TokenParseResult.Malformed.Reason.BAD_PREFIX);
    }
    if (candidate.length() != TOKEN_LENGTH) {
      return new TokenParseResult.Malformed(TokenParseResult.Malformed.Reason.BAD_LENGTH);
    }
    for (int i = RANDOM_START; i < TOKEN_LENGTH; i++) {
      if (Base62.valueOf(candidate.charAt(i)) < 0) {
        return new TokenParseResult.Malformed(TokenParseResult.Malformed.Reason.BAD_ALPHABET);
      }
    }
    long declared = Base62.decode(candidate, CHECKSUM_START, CHECKSUM_LENGTH);
    long actual = checksum(candidate.substring(RANDOM_START, CHECKSUM_START));
    if (declared != actual) {
      return new TokenParseResult.BadChecksum();
    }
    return new TokenParseResult.Ok(new PresentedToken(candidate));
  }

  /** Whether {@code text} looks like a Vigil token, for redaction and secret detection. */
  public static boolean isValidToken(String text) {
    return parse(text).outcome() == TokenParseResult.Outcome.OK;
  }

  static long checksum(String randomPart) {
    CRC32 crc = new CRC32();
    for (int i = 0; i < randomPart.length(); i++) {
      crc.update(randomPart.charAt(i)); // base62 is ASCII: one byte per character
    }
    return crc.getValue();
  }
}
