package dev.vigil.sync.api;

import dev.vigil.kit.errors.ApiException;
import java.util.UUID;

/** Request parameter checks shared by the resources; bad input is a 400 in Scanner's shape. */
final class Params {

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;

  private Params() {}

  /** A path id; an id that is no UUID names nothing, so it is a 404. */
  static UUID id(String text, String what) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApiException.notFound(what + " not found");
    }
  }

  static UUID optionalUuid(String text, String name) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(text.trim());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(name + " must be a UUID");
    }
  }

  static int pageSize(Integer requested) {
    if (requested == null) {
      return DEFAULT_PAGE_SIZE;
    }
    if (requested < 1 || requested > MAX_PAGE_SIZE) {
      throw ApiException.badRequest("pagination[page_size] must be between 1 and " + MAX_PAGE_SIZE);
    }
    return requested;
  }

  /** A required text field: present, not blank, at most {@code max} characters. */
  static String required(String value, String name, int max) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(name + " is required");
    }
    return bounded(value, name, max);
  }

  static String bounded(String value, String name, int max) {
    if (value != null && value.length() > max) {
      throw ApiException.badRequest(name + " must be at most " + max + " characters");
    }
    return value;
  }
}
