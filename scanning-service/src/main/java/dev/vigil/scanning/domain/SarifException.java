package dev.vigil.scanning.domain;

/**
 * A rejected SARIF upload: the request, its payload or the SARIF document. Carries the HTTP status
 * GitHub documents for the case. Messages never quote the payload, so they are safe to return and
 * to log.
 */
public final class SarifException extends RuntimeException {

  /** Why the upload was rejected, with the status GitHub answers. */
  public enum Reason {
    /** The {@code sarif} field is not base64. */
    INVALID_BASE64(400),
    /** The decoded {@code sarif} field is not (complete) gzip data. */
    INVALID_GZIP(400),
    /** The decompressed document is not JSON. */
    INVALID_JSON(400),
    /** JSON, but not a SARIF log code scanning accepts (no {@code runs}, wrong structure, …). */
    INVALID_SARIF(400),
    /** {@code version} is not {@code 2.1.0}. */
    UNSUPPORTED_VERSION(400),
    /** The gzip-compressed SARIF is larger than GitHub's 10 MB. */
    PAYLOAD_TOO_LARGE(413),
    /** The decompressed SARIF is larger than the configured cap (zip-bomb guard). */
    DECOMPRESSED_TOO_LARGE(413),
    /** A documented count limit (runs, results, rules, locations, …) is exceeded. */
    LIMIT_EXCEEDED(413),
    /** A request field has an invalid value or a required one is missing. */
    INVALID_FIELD(422);

    private final int status;

    Reason(int status) {
      this.status = status;
    }

    /** The HTTP status for this reason. */
    public int status() {
      return status;
    }
  }

  private final Reason reason;
  private final String field;

  /** A rejection not tied to one request field. */
  public SarifException(Reason reason, String message) {
    this(reason, null, message);
  }

  /** A rejection of one request field ({@code field} uses the wire name, e.g. commit_sha). */
  public SarifException(Reason reason, String field, String message) {
    super(message);
    this.reason = reason;
    this.field = field;
  }

  /** Why the upload was rejected. */
  public Reason reason() {
    return reason;
  }

  /** The HTTP status GitHub answers for this rejection. */
  public int status() {
    return reason.status();
  }

  /** The rejected request field (wire name), or null. */
  public String field() {
    return field;
  }
}
