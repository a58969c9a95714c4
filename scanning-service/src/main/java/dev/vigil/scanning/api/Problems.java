package dev.vigil.scanning.api;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.FieldViolation;
import dev.vigil.scanning.domain.SarifException;
import java.util.List;

/** Maps domain rejections to GitHub's statuses and bodies. */
final class Problems {

  private Problems() {}

  static ApiException from(SarifException e) {
    if (e.reason() == SarifException.Reason.INVALID_FIELD) {
      String field = e.field() == null ? "body" : e.field();
      FieldViolation violation =
          e.getMessage().endsWith(" is required")
              ? new FieldViolation(field, "missing_field", e.getMessage())
              : FieldViolation.invalid(field, e.getMessage());
      return ApiException.unprocessable("Validation Failed", List.of(violation));
    }
    return switch (e.status()) {
      case 413 -> ApiException.payloadTooLarge(e.getMessage());
      default -> ApiException.badRequest(e.getMessage());
    };
  }
}
