package dev.vigil.repoconfig.domain;

import java.util.Optional;

/**
 * Branch-name rules of {@code git check-ref-format --branch}, so that a stored {@code
 * defaultBranch} is always something git (and every platform built on it) could have created.
 */
public final class GitRefNames {

  public static final int MAX_BRANCH_LENGTH = 255;

  private GitRefNames() {}

  public static boolean isValidBranchName(String name) {
    return branchNameProblem(name).isEmpty();
  }

  /**
   * Why {@code name} is not a valid branch name, or empty when it is. Messages never include the
   * name itself.
   */
  public static Optional<String> branchNameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("is required");
    }
    if (name.length() > MAX_BRANCH_LENGTH) {
      return Optional.of("must be at most " + MAX_BRANCH_LENGTH + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      if (isForbiddenChar(name.charAt(i))) {
        return Optional.of("must not contain spaces, control characters or any of ~ ^ : ? * [ \\");
      }
    }
    // "@" alone means HEAD to git; refs/heads/HEAD is refused by --branch since git 2.43.
    if (name.equals("@") || name.equals("HEAD")) {
      return Optional.of("must not be '@' or 'HEAD'");
    }
    if (name.startsWith("-")) {
      // Would be parsed as a command-line option.
      return Optional.of("must not start with '-'");
    }
    if (name.startsWith("/") || name.endsWith("/")) {
      return Optional.of("must not start or end with '/'");
    }
    if (name.contains("//")) {
      return Optional.of("must not contain '//'");
    }
    if (name.contains("..")) {
      return Optional.of("must not contain '..'");
    }
    if (name.contains("@{")) {
      // Reflog syntax, e.g. main@{1}.
      return Optional.of("must not contain '@{'");
    }
    if (name.endsWith(".")) {
      return Optional.of("must not end with '.'");
    }
    for (String component : name.split("/", -1)) {
      if (component.startsWith(".")) {
        return Optional.of("must not have a path component starting with '.'");
      }
      if (component.endsWith(".lock")) {
        // git uses <ref>.lock files while updating refs.
        return Optional.of("must not have a path component ending with '.lock'");
      }
    }
    return Optional.empty();
  }

  private static boolean isForbiddenChar(char c) {
    if (c < 0x20 || c == 0x7f) {
      return true;
    }
    return switch (c) {
      case ' ', '~', '^', ':', '?', '*', '[', '\\' -> true;
      default -> false;
    };
  }
}
