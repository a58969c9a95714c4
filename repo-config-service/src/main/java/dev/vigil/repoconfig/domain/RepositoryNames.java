package dev.vigil.repoconfig.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Repository full-name formats per platform: GitHub {@code owner/repo}, GitLab {@code
 * group[/subgroup...]/project}, Bitbucket Cloud {@code workspace/repo-slug}.
 *
 * <p>Patterns are applied only after the length checks, and none of them can backtrack
 * catastrophically.
 */
public final class RepositoryNames {

  /** Upper bound on any full name, whatever the platform (also a column check). */
  public static final int MAX_FULL_NAME_LENGTH = 1024;

  public static final int GITHUB_MAX_OWNER_LENGTH = 39;
  public static final int GITHUB_MAX_REPO_LENGTH = 100;
  public static final int GITLAB_MIN_SEGMENTS = 2;
  public static final int GITLAB_MAX_SEGMENTS = 20;
  public static final int GITLAB_MAX_SEGMENT_LENGTH = 255;
  public static final int BITBUCKET_MAX_SEGMENT_LENGTH = 62;

  // Alphanumerics separated by single hyphens: no leading, trailing or doubled hyphen.
  private static final Pattern GITHUB_OWNER = Pattern.compile("[A-Za-z0-9](?:-?[A-Za-z0-9])*");
  private static final Pattern GITHUB_REPO = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern GITLAB_SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
  private static final Pattern BITBUCKET_WORKSPACE = Pattern.compile("[a-z0-9_-]+");
  private static final Pattern BITBUCKET_SLUG = Pattern.compile("[a-z0-9_.-]+");

  private RepositoryNames() {}

  public static boolean isValid(Platform platform, String fullName) {
    return problem(platform, fullName).isEmpty();
  }

  /**
   * Why {@code fullName} is not a valid repository name on {@code platform}, or empty when it is.
   * Messages never include the name itself.
   */
  public static Optional<String> problem(Platform platform, String fullName) {
    Objects.requireNonNull(platform, "platform");
    if (fullName == null || fullName.isEmpty()) {
      return Optional.of("is required");
    }
    if (fullName.length() > MAX_FULL_NAME_LENGTH) {
      return Optional.of("must be at most " + MAX_FULL_NAME_LENGTH + " characters");
    }
    return switch (platform) {
      case GITHUB -> gitHubProblem(fullName);
      case GITLAB -> gitLabProblem(fullName);
      case BITBUCKET -> bitbucketProblem(fullName);
    };
  }

  /**
   * Key under which two names denote the same repository. All three platforms resolve paths
   * case-insensitively (GitHub and GitLab keep a display case, Bitbucket slugs are lower case).
   */
  public static String identityKey(String fullName) {
    return fullName.toLowerCase(Locale.ROOT);
  }

  private static Optional<String> gitHubProblem(String fullName) {
    String[] parts = fullName.split("/", -1);
    if (parts.length != 2) {
      return Optional.of("must be in owner/repo format");
    }
    String owner = parts[0];
    String repo = parts[1];
    if (owner.isEmpty()
        || owner.length() > GITHUB_MAX_OWNER_LENGTH
        || !GITHUB_OWNER.matcher(owner).matches()) {
      return Optional.of(
          "owner must be 1-39 letters, digits or single hyphens,"
              + " not starting or ending with a hyphen");
    }
    if (repo.isEmpty()
        || repo.length() > GITHUB_MAX_REPO_LENGTH
        || !GITHUB_REPO.matcher(repo).matches()) {
      return Optional.of("repository name must be 1-100 letters, digits, '.', '_' or '-'");
    }
    if (repo.equals(".") || repo.equals("..")) {
      return Optional.of("repository name must not be '.' or '..'");
    }
    return Optional.empty();
  }

  private static Optional<String> gitLabProblem(String fullName) {
    String[] segments = fullName.split("/", -1);
    if (segments.length < GITLAB_MIN_SEGMENTS || segments.length > GITLAB_MAX_SEGMENTS) {
      return Optional.of(
          "must be in group/project format, with at most "
              + GITLAB_MAX_SEGMENTS
              + " path segments including subgroups");
    }
    for (String segment : segments) {
      if (segment.isEmpty()) {
        return Optional.of("must not contain empty path segments");
      }
      if (segment.length() > GITLAB_MAX_SEGMENT_LENGTH) {
        return Optional.of(
            "path segments must be at most " + GITLAB_MAX_SEGMENT_LENGTH + " characters");
      }
      if (!GITLAB_SEGMENT.matcher(segment).matches()) {
        return Optional.of(
            "path segments may contain only letters, digits, '_', '-' and '.',"
                + " and must start with a letter, digit or '_'");
      }
      // GitLab reserves these suffixes for its clone and feed routes.
      String lower = segment.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".git") || lower.endsWith(".atom")) {
        return Optional.of("path segments must not end with '.git' or '.atom'");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> bitbucketProblem(String fullName) {
    String[] parts = fullName.split("/", -1);
    if (parts.length != 2) {
      return Optional.of("must be in workspace/repo-slug format");
    }
    String workspace = parts[0];
    String slug = parts[1];
    if (workspace.isEmpty()
        || workspace.length() > BITBUCKET_MAX_SEGMENT_LENGTH
        || !BITBUCKET_WORKSPACE.matcher(workspace).matches()) {
      return Optional.of("workspace must be 1-62 lower-case letters, digits, '_' or '-'");
    }
    if (slug.isEmpty()
        || slug.length() > BITBUCKET_MAX_SEGMENT_LENGTH
        || !BITBUCKET_SLUG.matcher(slug).matches()) {
      return Optional.of(
          "repository slug must be 1-62 lower-case letters, digits, '_', '.' or '-'");
    }
    if (slug.equals(".") || slug.equals("..")) {
      return Optional.of("repository slug must not be '.' or '..'");
    }
    return Optional.empty();
  }
}
