package dev.vigil.secrets.domain;

import java.util.List;
import java.util.Optional;

/**
 * What a user writes to define a custom pattern, as GitHub's custom-pattern form has it.
 *
 * @param name shown as the pattern's display name
 * @param secretFormat the secret itself (RE2 syntax)
 * @param beforeSecret what must precede the secret; GitHub's default is a start of text or a
 *     non-alphanumeric character
 * @param afterSecret what must follow the secret; by default an end of text or a non-alphanumeric
 *     character
 * @param mustMatch each must find a match inside the secret
 * @param mustNotMatch none may find a match inside the secret
 * @param testStrings each must contain a secret the pattern reports (checked when it is saved)
 */
public record CustomPatternDefinition(
    String name,
    String secretFormat,
    Optional<String> beforeSecret,
    Optional<String> afterSecret,
    List<String> mustMatch,
    List<String> mustNotMatch,
    List<String> testStrings) {

  public static final String DEFAULT_BEFORE = "\\A|[^0-9A-Za-z]";
  public static final String DEFAULT_AFTER = "\\z|[^0-9A-Za-z]";

  public CustomPatternDefinition {
    mustMatch = List.copyOf(mustMatch);
    mustNotMatch = List.copyOf(mustNotMatch);
    testStrings = List.copyOf(testStrings);
  }
}
