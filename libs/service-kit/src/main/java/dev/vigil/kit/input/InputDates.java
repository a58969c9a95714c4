package dev.vigil.kit.input;

import dev.vigil.kit.errors.ApiException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Dates from requests, bounded to a sane range: from 1970 to the end of 9999. ISO-8601 admits years
 * up to ±999999999, which overflow epoch milliseconds and PostgreSQL's timestamps.
 */
public final class InputDates {

  /** The earliest date a request may carry. */
  public static final Instant MIN = Instant.parse("1970-01-01T00:00:00Z");

  /** The latest date a request may carry. */
  public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

  private InputDates() {}

  /**
   * Parses an ISO-8601 date-time with offset ({@code 2026-05-01T12:00:00Z}); empty when blank.
   *
   * @throws ApiException 400 naming {@code field} when malformed or out of range
   */
  public static Optional<Instant> parseInstant(String field, String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    OffsetDateTime parsed;
    try {
      parsed = OffsetDateTime.parse(text.strip());
    } catch (DateTimeException e) {
      throw ApiException.badRequest(field + ": not an ISO-8601 date-time.");
    }
    if (parsed.getYear() < 1969 || parsed.getYear() > 10000) {
      throw outOfRange(field); // before toInstant(), which can overflow
    }
    return Optional.of(checkRange(field, parsed.toInstant()));
  }

  /**
   * @throws ApiException 400 naming {@code field} when outside {@link #MIN}..{@link #MAX}
   */
  public static Instant checkRange(String field, Instant instant) {
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      throw outOfRange(field);
    }
    return instant;
  }

  private static ApiException outOfRange(String field) {
    return ApiException.badRequest(field + ": must be between 1970 and 9999.");
  }
}
