package dev.vigil.gateway.domain;

import dev.vigil.kit.errors.ApiFamily;

/**
 * A rate-limit bucket, named as sent in {@code X-RateLimit-Resource}. GitHub's names are GitHub's
 * own ({@code core}; {@code code_scanning_upload} for SARIF uploads, which GitHub limits
 * separately); the other families get one bucket each so that a busy CI scan cannot starve, say,
 * the repository configuration API.
 */
public enum RateResource {
  CORE("core"),
  CODE_SCANNING_UPLOAD("code_scanning_upload"),
  GITGUARDIAN("gitguardian"),
  SIGSENTRY("sigsentry"),
  SCANNER("scanner"),
  VIGIL("vigil");

  private final String headerValue;

  RateResource(String headerValue) {
    this.headerValue = headerValue;
  }

  public String headerValue() {
    return headerValue;
  }

  /** GitHub's own resources, whose routes always report {@code X-RateLimit-*}. */
  public boolean isGitHub() {
    return this == CORE || this == CODE_SCANNING_UPLOAD;
  }

  /** The bucket a family's routes use unless a route names another. */
  public static RateResource defaultFor(ApiFamily family) {
    return switch (family) {
      case GITHUB -> CORE;
      case GITGUARDIAN -> GITGUARDIAN;
      case SIGSENTRY -> SIGSENTRY;
      case SCANNER -> SCANNER;
      case VIGIL -> VIGIL;
    };
  }
}
