package dev.vigil.platform;

import java.util.Locale;

/** Source-code platforms Vigil can read repositories from. */
public enum Platform {
  /** github.com or GitHub Enterprise Server. */
  GITHUB("github", "GitHub"),
  /** gitlab.com or self-hosted GitLab. */
  GITLAB("gitlab", "GitLab"),
  /** Bitbucket Cloud. */
  BITBUCKET("bitbucket", "Bitbucket");

  private final String wireName;
  private final String displayName;

  Platform(String wireName, String displayName) {
    this.wireName = wireName;
    this.displayName = displayName;
  }

  /** Lower-case name used in APIs and events: {@code github}, {@code gitlab}, {@code bitbucket}. */
  public String wireName() {
    return wireName;
  }

  /** Human-readable name for messages, e.g. {@code GitHub}. */
  public String displayName() {
    return displayName;
  }

  /**
   * The platform with the given {@link #wireName()} (case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static Platform fromWireName(String name) {
    if (name != null) {
      String lower = name.toLowerCase(Locale.ROOT);
      for (Platform p : values()) {
        if (p.wireName.equals(lower)) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException("unknown platform: " + name);
  }
}
