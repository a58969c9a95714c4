package dev.vigil.secrets.detect;

import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/** Checks shared by detectors: entropy, placeholders, checksums. */
public final class Validators {

  private static final String BASE62_DIGITS_UPPER_FIRST =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String BASE62_DIGITS_LOWER_FIRST =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  /** Words that mark a value as a stand-in rather than a credential. */
  private static final List<String> PLACEHOLDER_WORDS =
      List.of(
          "example",
          "xxxx",
          "changeme",
          "change_me",
          "placeholder",
          "your_",
          "your-",
          "yourtoken",
          "yourkey",
          "redacted",
          "dummy",
          "******",
          "####",
          "....",
          "<",
          "${",
          "{{",
          "%s",
          "$(",
          "process.env",
          "os.environ",
          "getenv");

  private Validators() {}

  public static String asciiLower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Shannon entropy in bits per character. */
  public static double entropy(CharSequence s) {
    if (s.isEmpty()) {
      return 0;
    }
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double bits = 0;
    double n = s.length();
    for (int count : counts) {
      if (count > 0) {
        double p = count / n;
        bits -= p * (Math.log(p) / Math.log(2));
      }
    }
    if (other > 0) {
      double p = other / n;
      bits -= p * (Math.log(p) / Math.log(2));
    }
    return bits;
  }

  /**
   * A value that documentation, templates or tests put where a secret goes: {@code EXAMPLE}, {@code
   * xxxx}, {@code ${VAR}}, {@code <token>}, {@code changeme}, or one character repeated.
   */
  public static boolean isPlaceholder(String value) {
    String lower = asciiLower(value);
    return hasPlaceholderWord(lower) || mostlyOneCharacter(value) || alphabetRun(lower, 7);
  }

  private static boolean hasPlaceholderWord(String lower) {
    for (String word : PLACEHOLDER_WORDS) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Only placeholder words disqualify: for key encodings whose prefix alone identifies the secret
   * and whose body encodes raw key bytes, where a run of one character (bech32's {@code Q} is zero)
   * is still a key that decrypts.
   */
  public static Validator noPlaceholderWords() {
    return (groups, line) -> {
      for (String group : groups) {
        if (group != null && hasPlaceholderWord(asciiLower(group))) {
          return false;
        }
      }
      return true;
    };
  }

  /** A run like {@code abcdefg} or {@code mnopqrs}: typed by a person, not drawn at random. */
  static boolean alphabetRun(String lower, int length) {
    int run = 1;
    for (int i = 1; i < lower.length(); i++) {
      char c = lower.charAt(i);
      run = c >= 'a' && c <= 'z' && c == lower.charAt(i - 1) + 1 ? run + 1 : 1;
      if (run >= length) {
        return true;
      }
    }
    return false;
  }

  /** True when at least 60% of the characters after any prefix are the same one. */
  static boolean mostlyOneCharacter(String value) {
    if (value.length() < 6) {
      return false;
    }
    int[] counts = new int[128];
    int max = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 128 && ++counts[c] > max) {
        max = counts[c];
      }
    }
    return max * 10 >= value.length() * 6;
  }

  /** The secret (last group that matched) is no placeholder and has this much entropy. */
  public static Validator secret(double minEntropy) {
    return (groups, line) -> {
      for (String group : groups) {
        if (group != null && isPlaceholder(group)) {
          return false;
        }
      }
      String last = lastGroup(groups);
      return minEntropy <= 0 || (last != null && entropy(last) >= minEntropy);
    };
  }

  static String lastGroup(List<String> groups) {
    for (int i = groups.size() - 1; i >= 0; i--) {
      if (groups.get(i) != null && !groups.get(i).isEmpty()) {
        return groups.get(i);
      }
    }
    return null;
  }

  /** At least one letter and one digit: rules out words and plain numbers. */
  public static boolean lettersAndDigits(String value) {
    boolean letter = false;
    boolean digit = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      letter |= Character.isLetter(c);
      digit |= Character.isDigit(c);
    }
    return letter && digit;
  }

  /**
   * The CRC32 checksum GitHub (and Vigil, and npm) tokens end with: the last {@code _}-separated
   * part's final six base62 characters encode the CRC32 of the characters before them.
   */
  public static boolean base62Crc32(String token) {
    int underscore = token.lastIndexOf('_');
    String body = token.substring(underscore + 1);
    if (body.length() <= 6) {
      return false;
    }
    String data = body.substring(0, body.length() - 6);
    String declared = body.substring(body.length() - 6);
    CRC32 crc = new CRC32();
    for (int i = 0; i < data.length(); i++) {
      crc.update(data.charAt(i));
    }
    long value = crc.getValue();
    return declared.equals(base62(value, BASE62_DIGITS_UPPER_FIRST))
        || declared.equals(base62(value, BASE62_DIGITS_LOWER_FIRST));
  }

  /** Six base62 digits, most significant first, zero-padded. */
  public static String base62(long value, String digits) {
    char[] out = new char[6];
    for (int i = 5; i >= 0; i--) {
      out[i] = digits.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(out);
  }

  /** Encodes with GitHub's alphabet (digits, upper case, lower case); for tests and samples. */
  public static String base62(long value) {
    return base62(value, BASE62_DIGITS_UPPER_FIRST);
  }
}
