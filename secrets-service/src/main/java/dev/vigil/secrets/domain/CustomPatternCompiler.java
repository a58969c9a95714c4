package dev.vigil.secrets.domain;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates and compiles custom patterns with RE2J, whose matching time is linear in the input
 * whatever the pattern ({@code (a+)+$} included), so no pattern can stall a scan. What RE2J cannot
 * bound is the size of the compiled program ({@code (x{1000}){1000}} compiles to a million
 * instructions, each one visited per input character): such patterns are refused as too costly.
 */
public final class CustomPatternCompiler {

  /** Longest name. */
  public static final int MAX_NAME = 100;

  /** Longest regular expression of any part. */
  public static final int MAX_EXPRESSION = 1000;

  /** Most must-match and must-not-match expressions, each. */
  public static final int MAX_ADDITIONAL = 10;

  /** Most test strings, and the longest one. */
  public static final int MAX_TEST_STRINGS = 10;

  public static final int MAX_TEST_STRING = 10_000;

  /** Largest RE2J program (instructions) of the composed pattern: the per-character cost. */
  public static final int MAX_PROGRAM_SIZE = 4000;

  private CustomPatternCompiler() {}

  public static CompiledCustomPattern compile(String tokenType, CustomPatternDefinition definition)
      throws InvalidCustomPattern {
    String name = definition.name();
    if (name == null || name.isBlank()) {
      throw new InvalidCustomPattern("name", "name is required");
    }
    if (name.length() > MAX_NAME) {
      throw new InvalidCustomPattern("name", "name is longer than " + MAX_NAME + " characters");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidCustomPattern("name", "name must not contain control characters");
    }
    String secret = expression("secret_format", definition.secretFormat());
    if (secret.isEmpty()) {
      throw new InvalidCustomPattern("secret_format", "secret_format is required");
    }
    Pattern secretAlone = parse("secret_format", secret);
    if (secretAlone.matches("")) {
      throw new InvalidCustomPattern(
          "secret_format", "secret_format matches the empty string; it must match a secret");
    }
    String before =
        expression(
            "before_secret",
            definition.beforeSecret().orElse(CustomPatternDefinition.DEFAULT_BEFORE));
    String after =
        expression(
            "after_secret", definition.afterSecret().orElse(CustomPatternDefinition.DEFAULT_AFTER));
    parse("before_secret", before);
    parse("after_secret", after);
    List<Pattern> mustMatch = additional("must_match", definition.mustMatch());
    List<Pattern> mustNotMatch = additional("must_not_match", definition.mustNotMatch());

    Pattern composed =
        parse(
            "secret_format",
            "(?:"
                + before
                + ")(?P<"
                + CompiledCustomPattern.GROUP
                + ">"
                + secret
                + ")(?:"
                + after
                + ")");
    if (composed.programSize() > MAX_PROGRAM_SIZE) {
      throw new InvalidCustomPattern(
          "secret_format",
          "the pattern is too costly to run on every push: it compiles to "
              + composed.programSize()
              + " instructions, more than "
              + MAX_PROGRAM_SIZE
              + " (reduce counted repetitions such as {1000})");
    }
    CompiledCustomPattern compiled =
        new CompiledCustomPattern(tokenType, name.strip(), composed, mustMatch, mustNotMatch);

    List<String> tests = definition.testStrings();
    if (tests.size() > MAX_TEST_STRINGS) {
      throw new InvalidCustomPattern(
          "test_strings", "at most " + MAX_TEST_STRINGS + " test strings are allowed");
    }
    for (int i = 0; i < tests.size(); i++) {
      String test = tests.get(i);
      if (test == null || test.length() > MAX_TEST_STRING) {
        throw new InvalidCustomPattern(
            "test_strings",
            "test string "
                + (i + 1)
                + " must be a string of at most "
                + MAX_TEST_STRING
                + " characters");
      }
      if (compiled.find(test).isEmpty()) {
        throw new InvalidCustomPattern(
            "test_strings", "test string " + (i + 1) + " contains no secret the pattern reports");
      }
    }
    return compiled;
  }

  private static String expression(String field, String expression) throws InvalidCustomPattern {
    if (expression == null) {
      return "";
    }
    if (expression.length() > MAX_EXPRESSION) {
      throw new InvalidCustomPattern(
          field, field + " is longer than " + MAX_EXPRESSION + " characters");
    }
    return expression;
  }

  private static List<Pattern> additional(String field, List<String> expressions)
      throws InvalidCustomPattern {
    if (expressions.size() > MAX_ADDITIONAL) {
      throw new InvalidCustomPattern(
          field, "at most " + MAX_ADDITIONAL + " " + field + " expressions are allowed");
    }
    List<Pattern> patterns = new ArrayList<>();
    for (String expression : expressions) {
      String text = expression(field, expression);
      if (text.isEmpty()) {
        throw new InvalidCustomPattern(field, field + " expressions must not be empty");
      }
      Pattern pattern = parse(field, text);
      if (pattern.programSize() > MAX_PROGRAM_SIZE) {
        throw new InvalidCustomPattern(field, field + " is too costly to run on every push");
      }
      patterns.add(pattern);
    }
    return List.copyOf(patterns);
  }

  private static Pattern parse(String field, String expression) throws InvalidCustomPattern {
    try {
      return Pattern.compile(expression);
    } catch (PatternSyntaxException e) {
      throw new InvalidCustomPattern(
          field, field + " is not a valid regular expression: " + e.getDescription());
    }
  }
}
