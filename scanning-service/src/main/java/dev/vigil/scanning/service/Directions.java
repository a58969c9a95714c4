package dev.vigil.scanning.service;

/** GitHub's {@code direction} parameter: asc or desc, desc by default. */
public final class Directions {

  private Directions() {}

  public static boolean ascending(String direction) {
    if (direction == null || direction.equals("desc")) {
      return false;
    }
    if (direction.equals("asc")) {
      return true;
    }
    throw Refs.invalid("direction", "direction must be asc or desc");
  }
}
