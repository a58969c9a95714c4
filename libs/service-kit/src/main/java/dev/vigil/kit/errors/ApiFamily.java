package dev.vigil.kit.errors;

/** The public API families Vigil speaks; each has its own error body shape. */
public enum ApiFamily {
  /** GitHub REST: {@code {"message","documentation_url","status"}}. */
  GITHUB,
  /** GitGuardian API v1: {@code {"detail"}}. */
  GITGUARDIAN,
  /** SigSentry: {@code {"success":false,"error":{"code","message","details"}}}. */
  SIGSENTRY,
  /** Scanner.dev: {@code {"error"}}. */
  SCANNER
}
