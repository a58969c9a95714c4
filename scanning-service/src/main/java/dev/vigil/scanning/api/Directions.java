package dev.vigil.scanning.api;

/** GitHub's {@code direction} parameter: asc or desc, desc by default. */
final class Directions {

  private Directions() {}

  static boolean ascending(String direction) {
    if (direction == null || direction.equals("desc")) {
      return false;
    }
    if (direction.equals("asc")) {
      return true;
    }
    throw Refs.invalid("direction", "direction must be asc or desc");
  }
}
