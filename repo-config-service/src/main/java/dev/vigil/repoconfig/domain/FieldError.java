package dev.vigil.repoconfig.domain;

import java.util.Objects;

/**
 * One validation failure.
 *
 * @param field JSON path of the offending value, e.g. {@code repositories[1]} or {@code
 *     serviceMappings[0].pathPrefix}; {@code body} when the whole body is missing
 * @param message human-readable reason that never repeats the submitted value
 */
public record FieldError(String field, String message) {

  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** {@code field: message}, suitable for a single-line error message. */
  public String describe() {
    return field + ": " + message;
  }
}
