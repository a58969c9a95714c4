package dev.vigil.scanning.domain;

import java.util.Locale;

/** SARIF {@code level}; also GitHub's {@code rule.severity} (none, note, warning, error). */
public enum Level {
  NONE,
  NOTE,
  WARNING,
  ERROR;

  /** The SARIF / GitHub spelling. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a SARIF level; null when absent or not one of the four SARIF values. */
  public static Level fromSarif(String value) {
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "none" -> NONE;
      case "note" -> NOTE;
      case "warning" -> WARNING;
      case "error" -> ERROR;
      default -> null;
    };
  }

  /**
   * The level a result has, following SARIF §3.27.10: the result's own level; else {@code none}
   * when its kind is not {@code fail}; else the rule's {@code defaultConfiguration.level}; else
   * {@code warning}.
   */
  public static Level effective(Level resultLevel, String kind, SarifRule rule) {
    if (resultLevel != null) {
      return resultLevel;
    }
    if (kind != null && !kind.equals("fail")) {
      return NONE;
    }
    if (rule != null && rule.defaultLevel() != null) {
      return rule.defaultLevel();
    }
    return WARNING;
  }
}
