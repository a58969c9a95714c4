package dev.vigil.repoconfig.domain;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/** Plan names and their default repositories-per-project limits. */
public final class Plans {

  public static final String FREE = "free";
  public static final String TEAM = "team";
  public static final String ENTERPRISE = "enterprise";
  public static final String UNLIMITED = "unlimited";

  /**
   * Marker for "no limit" in configuration maps (e.g. {@code vigil.quota.repos.enterprise=-1}),
   * since a config map cannot hold an empty value.
   */
  public static final int NO_LIMIT = -1;

  /** Defaults; {@link #NO_LIMIT} means unlimited. */
  public static final Map<String, Integer> DEFAULT_REPO_LIMITS =
      Map.of(FREE, 5, TEAM, 50, ENTERPRISE, NO_LIMIT, UNLIMITED, NO_LIMIT);

  private Plans() {}

  /** Plan names are matched case-insensitively and without surrounding spaces. */
  public static String normalize(String plan) {
    return plan == null ? null : plan.strip().toLowerCase(Locale.ROOT);
  }

  static OptionalInt toLimit(int configured) {
    return configured < 0 ? OptionalInt.empty() : OptionalInt.of(configured);
  }
}
