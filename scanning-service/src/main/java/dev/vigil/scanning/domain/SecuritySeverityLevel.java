package dev.vigil.scanning.domain;

import java.util.Locale;

/**
 * GitHub's {@code security_severity_level}, derived from a rule's {@code
 * properties["security-severity"]} score with GitHub's published ranges: low 0.1–3.9, medium
 * 4.0–6.9, high 7.0–8.9, critical 9.0–10.0, none for 0.0. Scores between the published ranges (e.g.
 * 3.95) fall into the lower band, so every score in (0, 10] has exactly one level.
 */
public enum SecuritySeverityLevel {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** The GitHub spelling. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The level for a score; null for no score, 0.0 ("none") or a score outside 0–10. */
  public static SecuritySeverityLevel fromScore(Double score) {
    if (score == null || score.isNaN() || score <= 0.0 || score > 10.0) {
      return null;
    }
    if (score >= 9.0) {
      return CRITICAL;
    }
    if (score >= 7.0) {
      return HIGH;
    }
    if (score >= 4.0) {
      return MEDIUM;
    }
    return LOW;
  }

  /** Parses a score written as a JSON string (GitHub's documented form) or number text. */
  public static Double parseScore(String text) {
    if (text == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(text.trim());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
