package dev.vigil.platform;

import java.util.Locale;
import java.util.Objects;

/**
 * What a platform says about a repository.
 *
 * @param fullName the platform's canonical path ({@code owner/repo}, {@code group/sub/project},
 *     {@code workspace/slug}); may differ in case from the requested name
 * @param defaultBranch the default branch; null when the repository is empty
 * @param visibility who can read the repository
 * @param credentialsValid true when the platform accepted the credentials; false when it rejected
 *     them but the repository is public and was read anonymously
 */
public record RepositoryMetadata(
    String fullName, String defaultBranch, Visibility visibility, boolean credentialsValid) {

  /** Validates the required fields. */
  public RepositoryMetadata {
    Objects.requireNonNull(fullName, "fullName");
    Objects.requireNonNull(visibility, "visibility");
  }

  /** Repository visibility. */
  public enum Visibility {
    /** Anyone can read it. */
    PUBLIC,
    /** Only members can read it. */
    PRIVATE,
    /** Everyone in the enterprise or instance can read it (GitHub Enterprise, GitLab). */
    INTERNAL;

    /** Lower-case name as in the APIs: {@code public}, {@code private}, {@code internal}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
