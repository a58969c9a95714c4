package dev.vigil.gateway.domain;

/**
 * Request body caps the gateway enforces before a byte reaches a backend. They are guards against
 * abuse, sized so that they never pre-empt the API's own documented limit: backends enforce the
 * exact vendor limits and answer with the vendor's own error for them.
 */
public final class BodyLimits {

  private static final long MIB = 1024L * 1024L;

  /** Any JSON API call: far above the largest legitimate configuration or PATCH body. */
  public static final long DEFAULT = MIB;

  /**
   * {@code POST .../code-scanning/sarifs}: 40 MiB. GitHub documents 10 MB for the gzip-compressed
   * SARIF, which base64 inflates to about 13.3 MB, plus a small JSON envelope. The guard sits about
   * three times above that, so scanning-service, not the gateway, gives the GitHub-shaped 413 for
   * oversized SARIF, while one request still cannot stream without bound.
   */
  public static final long SARIF_UPLOAD = 40 * MIB;

  /**
   * {@code POST /v1/upload_git_repo_zipball}: 64 MiB, a repository zip of up to about 60 MiB plus
   * the multipart framing and text fields. Scanner publishes no cap; detection-rule repositories
   * are small, and sync-service still checks the zip (entry count, expansion ratio, zip slip).
   */
  public static final long SCANNER_ZIPBALL = 64 * MIB;

  /**
   * {@code POST /v1/scan} and {@code /v1/multiscan}: 25 MiB, GitGuardian's own payload cap ({@code
   * general__maximum_payload_size} = 26214400 in its recorded /v1/metadata). ggshield sizes its
   * batches from /v1/metadata, so secrets-service must report this same number there.
   */
  public static final long GITGUARDIAN_SCAN_PAYLOAD = 25 * MIB;

  private BodyLimits() {}
}
