package dev.vigil.gateway.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * Tenant slugs double as GitHub enterprise slugs ({@code /enterprises/{enterprise}/...}), so they
 * follow GitHub's naming rule: ASCII letters and digits separated by single hyphens, no hyphen at
 * either end. GitHub compares them case-insensitively; Vigil stores them lower-case. The 60
 * character cap is Vigil's (GitHub's login cap is 39); the migration enforces the same rule.
 */
public final class TenantSlug {

  public static final int MAX_LENGTH = 60;

  private TenantSlug() {}

  /** Whether {@code slug} is already in canonical (lower-case) form and well formed. */
  public static boolean isValid(String slug) {
    if (slug == null || slug.isEmpty() || slug.length() > MAX_LENGTH) {
      return false;
    }
    char previous = '-'; // so a leading hyphen is rejected like a double one
    for (int i = 0; i < slug.length(); i++) {
      char c = slug.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alnum && (c != '-' || previous == '-')) {
        return false;
      }
      previous = c;
    }
    return previous != '-';
  }

  /** The canonical form of a slug from a URL or a request body, if it is a valid slug at all. */
  public static Optional<String> normalize(String slug) {
    if (slug == null) {
      return Optional.empty();
    }
    String lower = slug.toLowerCase(Locale.ROOT);
    return isValid(lower) ? Optional.of(lower) : Optional.empty();
  }
}
