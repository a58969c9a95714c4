package dev.vigil.scanning.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fingerprints for alert identity within one run.
 *
 * <p>GitHub uses only {@code partialFingerprints.primaryLocationLineHash}; when a result carries
 * one it is used verbatim. Otherwise (API uploads of third-party SARIF, which GitHub would show
 * with possible duplicates) Vigil computes {@code vigil/v1:<hash>:<n>} where {@code hash} is
 * SHA-256 (first 128 bits, hex) of rule id, path, the normalised message and the normalised code
 * snippet ({@code region.snippet}, else {@code contextRegion.snippet}) — never the line or column,
 * so the alert survives edits that only shift lines. {@code n} counts identical hashes in document
 * order (1, 2, …) so that two identical results in one file remain two alerts, the same scheme as
 * CodeQL's {@code hash:n}. Message normalisation collapses whitespace and masks numbers that follow
 * "line"/"column" words (messages such as "… on line 172" would otherwise move with the code).
 */
public final class AlertFingerprints {

  /** The partial fingerprint GitHub matches on. */
  public static final String PRIMARY_LOCATION_LINE_HASH = "primaryLocationLineHash";

  /** Prefix of computed fingerprints, versioned so the recipe can change without collisions. */
  public static final String COMPUTED_PREFIX = "vigil/v1:";

  private static final Pattern LINE_NUMBERS =
      Pattern.compile("(?i)\\b(lines?|ln|columns?|col)(\\s*[:#]?\\s*)\\d+(\\s*[-–]\\s*\\d+)?");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final Map<String, Integer> occurrences = new HashMap<>();

  /** The fingerprint for the next result of the run (call in document order). */
  public String next(
      String ruleId,
      String path,
      String message,
      String snippet,
      Map<String, String> partialFingerprints) {
    String given =
        partialFingerprints == null ? null : partialFingerprints.get(PRIMARY_LOCATION_LINE_HASH);
    if (given != null && !given.isBlank()) {
      return given;
    }
    String base = baseHash(ruleId, path, message, snippet);
    int n = occurrences.merge(base, 1, Integer::sum);
    return COMPUTED_PREFIX + base + ":" + n;
  }

  /** The line-independent part of a computed fingerprint. */
  public static String baseHash(String ruleId, String path, String message, String snippet) {
    return AlertKey.sha256Hex(
            "v1", ruleId, path, normalizeMessage(message), normalizeSnippet(snippet))
        .substring(0, 32);
  }

  /** Collapses whitespace and masks line/column numbers. */
  public static String normalizeMessage(String message) {
    if (message == null) {
      return "";
    }
    String masked = LINE_NUMBERS.matcher(message).replaceAll("$1$2#");
    return WHITESPACE.matcher(masked).replaceAll(" ").trim();
  }

  /** Collapses whitespace (indentation changes do not make a new alert). */
  public static String normalizeSnippet(String snippet) {
    if (snippet == null) {
      return "";
    }
    return WHITESPACE.matcher(snippet).replaceAll(" ").trim();
  }
}
