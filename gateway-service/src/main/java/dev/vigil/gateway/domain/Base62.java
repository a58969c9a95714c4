package dev.vigil.gateway.domain;

/** Base62 digits (0-9, A-Z, a-z): URL-safe, double-click selectable, no padding. */
final class Base62 {

  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  static final int RADIX = ALPHABET.length();

  private Base62() {}

  /** The digit's value, or -1 when {@code c} is not a base62 digit. */
  static int valueOf(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 36;
    }
    return -1;
  }

  /** Writes {@code value} as exactly {@code width} digits, left-padded with '0'. */
  static void encodeFixed(long value, char[] out, int offset, int width) {
    if (value < 0) {
      throw new IllegalArgumentException("negative value");
    }
    long rest = value;
    for (int i = offset + width - 1; i >= offset; i--) {
      out[i] = ALPHABET.charAt((int) (rest % RADIX));
      rest /= RADIX;
    }
    if (rest != 0) {
      throw new IllegalArgumentException("value does not fit in " + width + " base62 digits");
    }
  }

  /** Decodes {@code width} digits starting at {@code offset}; -1 if any is not a digit. */
  static long decode(CharSequence text, int offset, int width) {
    long value = 0;
    for (int i = offset; i < offset + width; i++) {
      int digit = valueOf(text.charAt(i));
      if (digit < 0) {
        return -1;
      }
      value = value * RADIX + digit;
    }
    return value;
  }
}
