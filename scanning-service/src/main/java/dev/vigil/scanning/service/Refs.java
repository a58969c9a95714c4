package dev.vigil.scanning.service;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.FieldViolation;
import java.util.List;

/** The {@code ref} and {@code pr} query parameters as GitHub reads them. */
public final class Refs {

  private Refs() {}

  /**
   * The full ref: {@code refs/...} as given, a bare branch name as {@code refs/heads/<name>}, a
   * pull request number as {@code refs/pull/<n>/merge}; null when neither is given.
   */
  public static String of(String ref, Integer pr) {
    if (ref != null && pr != null) {
      throw invalid("pr", "ref and pr cannot be used together");
    }
    if (pr != null) {
      if (pr < 1) {
        throw invalid("pr", "pr must be a pull request number");
      }
      return "refs/pull/" + pr + "/merge";
    }
    if (ref == null || ref.isEmpty()) {
      return null;
    }
    return ref.startsWith("refs/") ? ref : "refs/heads/" + ref;
  }

  /** The default branch as a ref, or null when unknown. */
  public static String branch(String defaultBranch) {
    return defaultBranch == null || defaultBranch.isEmpty() ? null : "refs/heads/" + defaultBranch;
  }

  public static ApiException invalid(String field, String message) {
    return ApiException.unprocessable(
        "Validation Failed", List.of(FieldViolation.invalid(field, message)));
  }
}
