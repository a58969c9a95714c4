package dev.vigil.platform;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Validation and percent-encoding of repository paths and refs before they go into a URL. */
final class RepoPaths {

  private static final String SEGMENT = "[A-Za-z0-9_.-]+";
  private static final int MAX_REF_LENGTH = 1024;

  private RepoPaths() {}

  /**
   * Splits {@code fullName} into {@code min}..{@code max} segments of letters, digits, {@code _ .
   * -}; refuses {@code .} and {@code ..} so a name can never climb out of the API path.
   */
  static List<String> segments(String fullName, int min, int max, String expected) {
    if (fullName == null) {
      throw new IllegalArgumentException("repository full name is required (" + expected + ")");
    }
    List<String> parts = List.of(fullName.split("/", -1));
    boolean ok = parts.size() >= min && parts.size() <= max;
    for (String p : parts) {
      ok &= p.matches(SEGMENT) && !p.equals(".") && !p.equals("..");
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "repository full name must look like " + expected + ": " + fullName);
    }
    return parts;
  }

  /** Refuses empty refs and refs Git itself would refuse (control characters, spaces, ..). */
  static String ref(String ref) {
    boolean ok = ref != null && !ref.isEmpty() && ref.length() <= MAX_REF_LENGTH;
    if (ok) {
      ok = !ref.contains("..") && !ref.startsWith("/") && !ref.endsWith("/");
      for (int i = 0; ok && i < ref.length(); i++) {
        char c = ref.charAt(i);
        ok = c > ' ' && c != 0x7f && "~^:?*[\\".indexOf(c) < 0;
      }
    }
    if (!ok) {
      throw new IllegalArgumentException("not a valid Git ref");
    }
    return ref;
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters (so {@code /} too). */
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** Encodes each {@code /}-separated part of {@code value} but keeps the slashes. */
  static String encodeKeepingSlashes(String value) {
    StringBuilder out = new StringBuilder();
    for (String part : value.split("/", -1)) {
      if (!out.isEmpty()) {
        out.append('/');
      }
      out.append(encode(part));
    }
    return out.toString();
  }
}
