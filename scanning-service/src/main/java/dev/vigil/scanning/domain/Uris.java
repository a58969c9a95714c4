package dev.vigil.scanning.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Pattern;

/** URI text helpers, lenient because SARIF producers write paths in many shapes. */
final class Uris {

  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");
  private static final Pattern WINDOWS_PATH = Pattern.compile("^[A-Za-z]:[\\\\/].*");

  private Uris() {}

  /**
   * An absolute URI split into parts; {@code path} is percent-decoded and normalised ({@code .} and
   * {@code ..} resolved), or null for opaque URIs such as {@code mailto:}.
   */
  record Absolute(String scheme, String authority, String path, String text) {

    /** The URI with the decoded, normalised path (how Vigil reports out-of-root paths). */
    String canonical() {
      if (path == null) {
        return text;
      }
      return scheme + "://" + (authority == null ? "" : authority) + path;
    }
  }

  /**
   * The lower-case scheme, or null for relative references. Single letters are not schemes: they
   * are Windows drive letters ({@code C:\src}).
   */
  static String scheme(String uri) {
    var m = SCHEME.matcher(uri);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
  }

  /** {@code C:\a\b} becomes {@code file:///C:/a/b}; anything else is returned unchanged. */
  static String windowsToUri(String uri) {
    if (WINDOWS_PATH.matcher(uri).matches()) {
      return "file:///" + uri.replace('\\', '/');
    }
    return uri;
  }

  /** Parses a URI that has a scheme. */
  static Absolute parseAbsolute(String uri) {
    String scheme = scheme(uri);
    if (scheme == null) {
      throw new IllegalArgumentException("not an absolute URI");
    }
    String rest = uri.substring(scheme.length() + 1);
    int cut = indexOfAny(rest, '?', '#');
    if (cut >= 0) {
      rest = rest.substring(0, cut);
    }
    String authority = null;
    String path;
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      path = slash < 0 ? "/" : rest.substring(slash);
    } else if (rest.startsWith("/")) {
      path = rest;
    } else {
      return new Absolute(scheme, null, null, uri);
    }
    if (authority != null
        && (authority.isEmpty()
            || (scheme.equals("file") && authority.equalsIgnoreCase("localhost")))) {
      authority = null;
    }
    return new Absolute(scheme, authority, normalize(decode(path).replace('\\', '/'), true), uri);
  }

  /** Decodes %XX escapes as UTF-8; malformed escapes are kept as written. */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi * 16 + lo);
          i += 3;
          continue;
        }
      }
      byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
        bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
        i++;
      }
      out.writeBytes(bytes);
      i++;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Resolves {@code .} and {@code ..} segments and collapses repeated slashes. Absolute paths keep
   * their leading slash; {@code ..} above the top of a relative path is kept.
   */
  static String normalize(String path, boolean absolute) {
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (!segments.isEmpty() && !segments.peekLast().equals("..")) {
          segments.removeLast();
        } else if (!absolute) {
          segments.addLast(segment);
        }
        continue;
      }
      segments.addLast(segment);
    }
    String joined = String.join("/", segments);
    return absolute ? "/" + joined : joined;
  }

  /** A relative reference made repository-relative: decoded, forward slashes, normalised. */
  static String relativePath(String uri) {
    String path = uri;
    int cut = indexOfAny(path, '?', '#');
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    return normalize(decode(path).replace('\\', '/'), false);
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    if (i < 0) {
      return j;
    }
    return j < 0 ? i : Math.min(i, j);
  }
}
