package dev.vigil.secrets.detect;

import java.util.List;

/** Decides whether a pattern's match is a secret rather than a look-alike. */
@FunctionalInterface
public interface Validator {

  /**
   * @param groups the capture groups' values in order (null for a group that did not take part)
   * @param line the text around the match (up to 160 characters each side), for context checks
   */
  boolean accept(List<String> groups, String line);

  Validator ANY = (groups, line) -> true;

  default Validator and(Validator other) {
    return (groups, line) -> accept(groups, line) && other.accept(groups, line);
  }
}
