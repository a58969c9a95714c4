package dev.vigil.kit.errors;

/**
 * One failing input field.
 *
 * @param field the field's path in the request, e.g. {@code serviceMappings[0].pathPrefix}
 * @param code a machine-readable reason (GitHub's {@code missing_field}, {@code invalid}, ...)
 * @param message what is wrong, never echoing a credential
 */
public record FieldViolation(String field, String code, String message) {

  public static FieldViolation invalid(String field, String message) {
    return new FieldViolation(field, "invalid", message);
  }

  public static FieldViolation missing(String field) {
    return new FieldViolation(field, "missing_field", field + " is required");
  }
}
