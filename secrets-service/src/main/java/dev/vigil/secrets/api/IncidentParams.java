package dev.vigil.secrets.api;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.input.InputDates;
import dev.vigil.kit.pagination.CursorPage;
import dev.vigil.secrets.persistence.Keyset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Query parameters of the incident API, checked with GitGuardian's 400 {@code {"detail"}}. */
final class IncidentParams {

  static final Set<String> STATUSES = Set.of("IGNORED", "TRIGGERED", "ASSIGNED", "RESOLVED");
  static final Set<String> SEVERITIES =
      Set.of("critical", "high", "medium", "low", "info", "unknown");
  static final Set<String> VALIDITIES =
      Set.of("valid", "invalid", "failed_to_check", "no_checker", "unknown");
  static final Set<String> TAGS =
      Set.of(
          "FROM_HISTORICAL_SCAN",
          "IGNORED_IN_CHECK_RUN",
          "PUBLIC",
          "REGRESSION",
          "SENSITIVE_FILE",
          "TEST_FILE",
          "NONE");
  static final Set<String> IGNORE_REASONS = Set.of("test_credential", "false_positive", "low_risk");
  static final Set<String> PRESENCES = Set.of("present", "removed");

  /** Longest value of any text filter. */
  static final int MAX_TEXT = 256;

  private IncidentParams() {}

  static String choice(String field, String value, Set<String> allowed) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (!allowed.contains(value)) {
      throw invalidChoice(field, value);
    }
    return value;
  }

  static Long integer(String field, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(field + ": A valid integer is required.");
    }
  }

  static int integer(String field, String value, int min, int max, int fallback) {
    Long parsed = integer(field, value);
    if (parsed == null) {
      return fallback;
    }
    if (parsed < min || parsed > max) {
      throw ApiException.badRequest(
          field + ": Ensure this value is between " + min + " and " + max + ".");
    }
    return parsed.intValue();
  }

  static UUID uuid(String field, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      if (value.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(field + ": Must be a valid UUID.");
    }
  }

  static Instant date(String field, String value) {
    return InputDates.parseInstant(field, value).orElse(null);
  }

  static String text(String field, String value, int minLength) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.length() < minLength) {
      throw ApiException.badRequest(
          field + ": Ensure this field has at least " + minLength + " characters.");
    }
    if (value.length() > MAX_TEXT) {
      throw ApiException.badRequest(
          field + ": Ensure this field has no more than " + MAX_TEXT + " characters.");
    }
    return value;
  }

  static List<String> tags(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    List<String> tags = new ArrayList<>();
    for (String tag : value.split(",", -1)) {
      tags.add(choice("tags", tag.strip(), TAGS));
      if (tags.size() > TAGS.size()) {
        throw ApiException.badRequest("tags: Too many values.");
      }
    }
    return tags;
  }

  /** {@code per_page} as GitGuardian checks it: an integer from 1 to 100, default 20. */
  static int perPage(String value) {
    return integer("per_page", value, 1, CursorPage.MAX_PER_PAGE, CursorPage.DEFAULT_PER_PAGE);
  }

  /** Decodes a cursor made for the same ordering; anything else is "Invalid cursor." */
  static Keyset.Position position(String cursor, String ordering) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    Map<String, String> fields = CursorPage.of(cursor, null).position();
    try {
      if (!ordering.equals(fields.get("o"))) {
        throw new IllegalArgumentException();
      }
      String value = fields.get("v");
      if (!"infinity".equals(value)) {
        Instant.parse(value);
      }
      return new Keyset.Position(
          value, Long.parseLong(fields.get("i")), "prev".equals(fields.get("d")));
    } catch (RuntimeException e) {
      throw ApiException.badRequest("Invalid cursor.");
    }
  }

  static String cursor(String ordering, Instant sortValue, long id, boolean backward) {
    return CursorPage.encode(
        Map.of(
            "o",
            ordering,
            "v",
            Keyset.sortValue(sortValue),
            "i",
            Long.toString(id),
            "d",
            backward ? "prev" : "next"));
  }

  private static ApiException invalidChoice(String field, String value) {
    String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
    return ApiException.badRequest(
        field + ": Select a valid choice. " + shown + " is not one of the available choices.");
  }
}
