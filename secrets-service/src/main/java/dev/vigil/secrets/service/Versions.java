package dev.vigil.secrets.service;

import java.security.SecureRandom;

/** Opaque row versions for optimistic concurrency, 27 base-62 characters as GitHub's look. */
final class Versions {

  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Versions() {}

  static String next() {
    char[] out = new char[27];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
