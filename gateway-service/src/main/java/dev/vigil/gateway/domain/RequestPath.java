package dev.vigil.gateway.domain;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a raw request path into percent-decoded segments, refusing anything a backend could read
 * differently from the gateway. One pass over the characters, no regular expressions.
 *
 * <p>Separators are only literal '/' characters: {@code %2F} decodes into the segment's value and
 * never splits it. Refused: {@code .} and {@code ..} segments (also percent-encoded, or as a part
 * of a decoded value containing '/' or '\'), empty segments, raw characters outside RFC 3986's
 * {@code pchar} set, ';' (servlet-style containers strip {@code ;params}, which turns {@code ..;}
 * into {@code ..}), broken or double ({@code %25}) percent-encoding, invalid UTF-8 and decoded
 * control characters. One trailing slash is ignored.
 */
final class RequestPath {

  /** A parsed path: the decoded segments, or why it was refused. */
  record Parsed(List<String> segments, RouteLookup.Rejected.Reason rejection) {
    boolean rejected() {
      return rejection != null;
    }
  }

  private static final boolean[] PCHAR = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      PCHAR[c] = true;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      PCHAR[c] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      PCHAR[c] = true;
    }
    // unreserved, then sub-delims without ';', then ':' and '@'
    for (char c : "-._~!$&'()*+,=:@".toCharArray()) {
      PCHAR[c] = true;
    }
  }

  private RequestPath() {}

  static Parsed parse(String rawPath, int maxLength, int maxSegments) {
    if (rawPath == null) {
      return reject(RouteLookup.Rejected.Reason.MALFORMED);
    }
    String path = stripQuery(rawPath);
    if (path.length() > maxLength) {
      return reject(RouteLookup.Rejected.Reason.TOO_LONG);
    }
    if (path.isEmpty() || path.charAt(0) != '/') {
      return reject(RouteLookup.Rejected.Reason.MALFORMED);
    }
    int end = path.length();
    if (end > 1 && path.charAt(end - 1) == '/') {
      end--;
    }
    List<String> segments = new ArrayList<>();
    if (end == 1) {
      return new Parsed(segments, null);
    }
    int start = 1;
    while (true) {
      int slash = path.indexOf('/', start);
      if (slash < 0 || slash > end) {
        slash = end;
      }
      if (slash == start) {
        return reject(RouteLookup.Rejected.Reason.MALFORMED);
      }
      if (segments.size() == maxSegments) {
        return reject(RouteLookup.Rejected.Reason.TOO_LONG);
      }
      Object segment = decodeSegment(path, start, slash);
      if (segment instanceof RouteLookup.Rejected.Reason reason) {
        return reject(reason);
      }
      segments.add((String) segment);
      if (slash == end) {
        return new Parsed(segments, null);
      }
      start = slash + 1;
    }
  }

  static String stripQuery(String rawPath) {
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == '?' || c == '#') {
        return rawPath.substring(0, i);
      }
    }
    return rawPath;
  }

  /** The decoded segment as a String, or the {@link RouteLookup.Rejected.Reason}. */
  private static Object decodeSegment(String path, int from, int to) {
    boolean encoded = false;
    for (int i = from; i < to; i++) {
      char c = path.charAt(i);
      if (c == '%') {
        if (i + 2 >= to || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0) {
          return RouteLookup.Rejected.Reason.BAD_ENCODING;
        }
        encoded = true;
        i += 2;
      } else if (c >= 128 || !PCHAR[c]) {
        return RouteLookup.Rejected.Reason.ILLEGAL_CHARACTER;
      }
    }
    String decoded = encoded ? percentDecode(path, from, to) : path.substring(from, to);
    if (decoded == null) {
      return RouteLookup.Rejected.Reason.BAD_ENCODING;
    }
    return checkDecoded(decoded);
  }

  private static Object checkDecoded(String decoded) {
    int partStart = 0;
    for (int i = 0; i <= decoded.length(); i++) {
      char c = i < decoded.length() ? decoded.charAt(i) : '/';
      if (c < 0x20 || c == 0x7f) {
        return RouteLookup.Rejected.Reason.ILLEGAL_CHARACTER;
      }
      if (c == '%') {
        // %25: whoever decodes a second time would see a different path than we matched.
        return RouteLookup.Rejected.Reason.BAD_ENCODING;
      }
      if (c == '/' || c == '\\') {
        int length = i - partStart;
        if ((length == 1 || length == 2) && isDots(decoded, partStart, i)) {
          return RouteLookup.Rejected.Reason.TRAVERSAL;
        }
        partStart = i + 1;
      }
    }
    return decoded;
  }

  private static boolean isDots(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '.') {
        return false;
      }
    }
    return true;
  }

  private static String percentDecode(String path, int from, int to) {
    ByteBuffer bytes = ByteBuffer.allocate(to - from);
    for (int i = from; i < to; i++) {
      char c = path.charAt(i);
      if (c == '%') {
        bytes.put((byte) ((hex(path.charAt(i + 1)) << 4) | hex(path.charAt(i + 2))));
        i += 2;
      } else {
        bytes.put((byte) c);
      }
    }
    bytes.flip();
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static Parsed reject(RouteLookup.Rejected.Reason reason) {
    return new Parsed(List.of(), reason);
  }
}
