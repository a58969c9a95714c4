package dev.vigil.secrets.detect;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds {@link Detector}s from short descriptions so that the catalogue reads as data. Three
 * shapes cover most providers:
 *
 * <ul>
 *   <li>{@link #token}: a self-identifying token with a fixed prefix ({@code ghp_…}, {@code
 *       xoxb-…}); the prefix is the keyword.
 *   <li>{@link #assigned}: a provider whose keys have no prefix: the provider's name must appear in
 *       the variable or key the value is assigned to ({@code TWILIO_SECRET = "…"}).
 *   <li>{@link #pattern}: anything else, with explicit groups and keywords.
 * </ul>
 */
final class DetectorSpec {

  /** What may separate a key from its value: {@code =}, {@code :}, {@code =>}, {@code :=}, … */
  static final String ASSIGN =
      "[\"'\\]\\)]{0,2}(?:[ \\t]{1,4}[A-Za-z]{1,12})?"
          + "(?:[ \\t]{0,4}(?:=|:|=>|:=|::=|:::=|\\?=|\\.=|\\|\\|=|,|<-)[ \\t]{0,4}(?:\\r?\\n[ \\t]{0,16})?"
          + "|>(?:\\r?\\n[ \\t]{0,16})?)(?:[\"'`]|\\\\\")?";

  /** Characters that may end a value: quote, space, separator, escape, end of window. */
  static final String VALUE_END = "(?:[\"'`\\s;,)\\]}<&|\\\\]|$)";

  private static final String TOKEN_START = "(?:^|[^A-Za-z0-9_])";
  private static final String TOKEN_END = "(?:[^A-Za-z0-9_\\-]|$)";

  private final String name;
  private String displayName;
  private String group;
  private String groupDisplayName;
  private String nature = "specific";
  private String family = "apikey";
  private List<String> keywords = List.of();
  private String regex;
  private List<String> matchTypes = List.of("apikey");
  private Validator validator;
  private double minEntropy = 2.5;
  private int before = 64;
  private int after = 256;
  private boolean multiline;
  private int minRun;
  private boolean repeatsAllowed;
  private boolean needsAssignment;

  private DetectorSpec(String name, String displayName) {
    this.name = name;
    this.displayName = displayName;
    this.group = name;
    this.groupDisplayName = displayName;
  }

  /** A prefixed token: {@code body} is the whole token's regex, starting with the prefix. */
  static DetectorSpec token(String name, String displayName, String body, String... keywords) {
    DetectorSpec spec = new DetectorSpec(name, displayName);
    spec.regex = TOKEN_START + "(" + body + ")" + TOKEN_END;
    spec.keywords = lower(keywords);
    spec.before = 1;
    spec.minRun = 12;
    return spec;
  }

  /**
   * A value assigned to a name that mentions the provider: {@code providerWords} are matched case
   * insensitively inside the name, {@code value} is the secret's own format.
   */
  static DetectorSpec assigned(
      String name, String displayName, String value, String... providerWords) {
    DetectorSpec spec = new DetectorSpec(name, displayName);
    // The provider's name starts a word: after a non-letter, or capitalised inside camelCase.
    String words = String.join("|", Arrays.stream(providerWords).map(Pattern::quote).toList());
    List<String> capitalised = new ArrayList<>();
    for (String w : providerWords) {
      if (Character.isLetter(w.charAt(0))) {
        capitalised.add(
            "["
                + Character.toUpperCase(w.charAt(0))
                + "](?i:"
                + Pattern.quote(w.substring(1))
                + ")");
      }
    }
    String start =
        "(?:(?:^|[^A-Za-z])(?i:"
            + words
            + ")"
            + (capitalised.isEmpty() ? "" : "|[a-z0-9](?:" + String.join("|", capitalised) + ")")
            + ")";
    spec.regex = start + "[A-Za-z0-9_.\\-]{0,40}?" + ASSIGN + "(" + value + ")" + VALUE_END;
    spec.keywords = lower(providerWords);
    spec.multiline = true;
    spec.before = 1;
    spec.after = 240;
    spec.needsAssignment = true;
    spec.minEntropy = 2.8;
    return spec;
  }

  static DetectorSpec pattern(String name, String displayName, String regex, String... keywords) {
    DetectorSpec spec = new DetectorSpec(name, displayName);
    spec.regex = regex;
    spec.keywords = lower(keywords);
    return spec;
  }

  DetectorSpec group(String groupName, String groupDisplay) {
    this.group = groupName;
    this.groupDisplayName = groupDisplay;
    return this;
  }

  DetectorSpec group(String groupName) {
    this.group = groupName;
    return this;
  }

  DetectorSpec generic() {
    this.nature = "generic";
    return this;
  }

  DetectorSpec family(String family) {
    this.family = family;
    return this;
  }

  DetectorSpec types(String... types) {
    this.matchTypes = List.of(types);
    return this;
  }

  DetectorSpec entropy(double bits) {
    this.minEntropy = bits;
    return this;
  }

  DetectorSpec validator(Validator validator) {
    this.validator = validator;
    return this;
  }

  /**
   * The secret's body encodes raw key bytes behind a prefix that alone identifies it (an age key's
   * bech32): only placeholder words disqualify a match, not a run of one character, which is the
   * honest encoding of repeated bytes. Entropy is not checked.
   */
  DetectorSpec repeatsAllowed() {
    this.repeatsAllowed = true;
    return this;
  }

  DetectorSpec window(int before, int after) {
    this.before = before;
    this.after = after;
    return this;
  }

  /** See {@link Detector#minRun()}. */
  DetectorSpec minRun(int characters) {
    this.minRun = characters;
    return this;
  }

  /** See {@link Detector#needsAssignment()}. */
  DetectorSpec needsAssignment() {
    this.needsAssignment = true;
    return this;
  }

  DetectorSpec multiline(int before, int after) {
    this.multiline = true;
    return window(before, after);
  }

  Detector build() {
    Validator base =
        repeatsAllowed ? Validators.noPlaceholderWords() : Validators.secret(minEntropy);
    return new Detector(
        name,
        displayName,
        group,
        groupDisplayName,
        nature,
        family,
        keywords,
        Pattern.compile(regex),
        matchTypes,
        validator == null ? base : base.and(validator),
        before,
        after,
        multiline,
        minRun,
        needsAssignment);
  }

  private static List<String> lower(String... words) {
    List<String> out = new ArrayList<>();
    for (String w : words) {
      String l = Validators.asciiLower(w);
      if (!out.contains(l)) {
        out.add(l);
      }
    }
    return out;
  }
}
