package dev.vigil.repoconfig.service;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.repoconfig.domain.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The error codes this service answers with (SigSentry shape). Messages never contain submitted
 * values.
 */
public final class ServiceErrors {

  /** 422: the key was used before with a different request. */
  public static final String IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED";

  /** 403: the project's repository quota would be exceeded. */
  public static final String QUOTA_EXCEEDED = "QUOTA_EXCEEDED";

  private ServiceErrors() {}

  /** 400 VALIDATION_ERROR with {@code details} = [{field, message}, ...]. */
  public static ApiException validation(List<FieldError> errors) {
    String summary =
        errors.isEmpty()
            ? "Validation failed"
            : "Validation failed: "
                + errors.get(0).describe()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
    return new ApiException(400, "VALIDATION_ERROR", summary, List.copyOf(errors), Map.of());
  }

  public static ApiException validation(String field, String message) {
    return validation(List.of(new FieldError(field, message)));
  }

  public static ApiException connectionNotFound() {
    return ApiException.notFound("Repository connection not found");
  }

  public static ApiException quotaExceeded(String plan, int limit, int current) {
    return new ApiException(
        403,
        QUOTA_EXCEEDED,
        "Repository quota of the "
            + plan
            + " plan reached: "
            + current
            + " of "
            + limit
            + " repositories are connected in this project",
        quotaDetails(limit, current),
        Map.of());
  }

  private static Map<String, Object> quotaDetails(int limit, int current) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("limit", limit);
    details.put("current", current);
    return details;
  }

  public static ApiException idempotencyKeyReused() {
    return new ApiException(
        422,
        IDEMPOTENCY_KEY_REUSED,
        "This Idempotency-Key was already used with a different request; use a new key",
        null,
        Map.of());
  }

  public static ApiException idempotencyKeyInFlight() {
    return new ApiException(
        409,
        "CONFLICT",
        "A request with this Idempotency-Key is still in progress; retry later",
        null,
        Map.of("Retry-After", "1"));
  }
}
