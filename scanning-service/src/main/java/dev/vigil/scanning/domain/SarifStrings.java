package dev.vigil.scanning.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounds of every SARIF string code scanning stores (GitHub documents counts, not lengths, so these
 * are Vigil's, listed in the README). Identifiers and paths over their bound make the analysis fail
 * with a message naming the field, as GitHub fails an invalid file; long texts (messages, rule
 * descriptions and help) are cut at {@link #TEXT} characters with an ellipsis. NUL is kept (storage
 * escapes it), so text survives exactly.
 */
public final class SarifStrings {

  /** ruleId, rule names, tool name/version/guid, category, tags, fingerprints. */
  public static final int IDENTIFIER = 255;

  /** File paths and URIs. */
  public static final int PATH = 4096;

  /** Messages, rule descriptions and help; longer ones are truncated. */
  public static final int TEXT = 32_768;

  private SarifStrings() {}

  /** An identifier: at most {@link #IDENTIFIER} characters, else the analysis fails. */
  public static String identifier(String field, String value) {
    return bounded(field, value, IDENTIFIER);
  }

  /** A path or URI: at most {@link #PATH} characters, else the analysis fails. */
  public static String path(String field, String value) {
    return bounded(field, value, PATH);
  }

  /** A text: cut at {@link #TEXT} characters (never in the middle of a surrogate pair). */
  public static String text(String value) {
    if (value == null) {
      return null;
    }
    String clean = value;
    if (clean.length() <= TEXT) {
      return clean;
    }
    int end = TEXT - 1;
    if (Character.isHighSurrogate(clean.charAt(end - 1))) {
      end--;
    }
    return clean.substring(0, end) + "…";
  }

  /** Identifiers of a list (e.g. tags). */
  public static List<String> identifiers(String field, List<String> values) {
    return values == null ? null : values.stream().map(v -> identifier(field, v)).toList();
  }

  /** A map of identifiers to identifiers (fingerprints). */
  public static Map<String, String> identifierMap(String field, Map<String, String> values) {
    if (values == null) {
      return null;
    }
    Map<String, String> bounded = new LinkedHashMap<>();
    values.forEach((k, v) -> bounded.put(identifier(field, k), identifier(field, v)));
    return bounded;
  }

  /** A map of identifiers to texts (a rule's messageStrings). */
  public static Map<String, String> textMap(String field, Map<String, String> values) {
    if (values == null) {
      return null;
    }
    Map<String, String> bounded = new LinkedHashMap<>();
    values.forEach((k, v) -> bounded.put(identifier(field, k), text(v)));
    return bounded;
  }

  private static String bounded(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    if (value.length() > max) {
      throw new SarifException(
          SarifException.Reason.INVALID_SARIF,
          field + " is longer than " + max + " characters (" + value.length() + ")");
    }
    return value;
  }
}
