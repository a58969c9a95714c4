package dev.vigil.secrets.domain;

/** A custom pattern that cannot be saved: which field, and why, in words a user can act on. */
public final class InvalidCustomPattern extends Exception {

  private final String field;

  public InvalidCustomPattern(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
