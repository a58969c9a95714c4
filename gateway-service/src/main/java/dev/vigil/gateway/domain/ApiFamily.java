package dev.vigil.gateway.domain;

/** The public APIs the gateway speaks; each has its own error shape and rate-limit resource. */
public enum ApiFamily {
  /** GitHub REST: code scanning and push-protection pattern configurations. */
  GITHUB,
  /** GitGuardian API v1: health, API tokens, secret incidents, scan. */
  GITGUARDIAN,
  /** SigSentry: code repository connections under {@code /v1/config}. */
  SIGSENTRY,
  /** Scanner.dev: detection-rule Git sync. */
  SCANNER,
  /** Vigil's own administration API under {@code /vigil/v1}. */
  VIGIL
}
