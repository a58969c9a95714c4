package dev.vigil.kit.errors;

import java.util.List;
import java.util.Map;

/**
 * A client-visible failure: status, a family-neutral code and a message that is safe to show.
 * Rendered in the resource's {@link ApiFamily} shape by {@link ErrorMappers}. Stack traces are not
 * captured: these are expected outcomes, not bugs.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final transient Object details;
  private final transient Map<String, String> headers;

  public ApiException(int status, String code, String message) {
    this(status, code, message, null, Map.of());
  }

  public ApiException(
      int status, String code, String message, Object details, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  /** SigSentry-style code such as {@code VALIDATION_ERROR}; other families ignore or map it. */
  public String code() {
    return code;
  }

  /** Extra structured detail (field violations, quota numbers), or null. */
  public Object details() {
    return details;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "BAD_REQUEST", message);
  }

  public static ApiException validation(String message, List<FieldViolation> violations) {
    return new ApiException(400, "VALIDATION_ERROR", message, List.copyOf(violations), Map.of());
  }

  /** GitHub answers validation failures with 422 "Validation Failed". */
  public static ApiException unprocessable(String message, List<FieldViolation> violations) {
    return new ApiException(422, "VALIDATION_ERROR", message, List.copyOf(violations), Map.of());
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "UNAUTHORIZED", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "FORBIDDEN", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "NOT_FOUND", message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "CONFLICT", message);
  }

  public static ApiException payloadTooLarge(String message) {
    return new ApiException(413, "PAYLOAD_TOO_LARGE", message);
  }
}
