package dev.vigil.secrets.domain;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.vigil.secrets.detect.Detector;
import dev.vigil.secrets.detect.Finding;
import dev.vigil.secrets.detect.SecretMatch;
import dev.vigil.secrets.detect.Validator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A custom pattern ready to scan: the composed before/secret/after expression and the additional
 * checks on the secret. Thread-safe (RE2J patterns are).
 *
 * @param tokenType {@code cp_N}
 * @param displayName the pattern's name
 */
public record CompiledCustomPattern(
    String tokenType,
    String displayName,
    Pattern composed,
    List<Pattern> mustMatch,
    List<Pattern> mustNotMatch) {

  static final String GROUP = "secret";

  /** At most this many candidate secrets are looked at per document and pattern. */
  public static final int MAX_MATCHES = 1000;

  /**
   * A secret found in a text.
   *
   * @param start UTF-16 offset of the secret's first character
   * @param end UTF-16 offset just past its last
   */
  public record Match(String secret, int start, int end) {
    @Override
    public String toString() {
      return "Match[" + start + ".." + end + "]";
    }
  }

  public CompiledCustomPattern {
    mustMatch = List.copyOf(mustMatch);
    mustNotMatch = List.copyOf(mustNotMatch);
  }

  /** Every secret in {@code text}, in order; linear in the text's length per match attempt. */
  public List<Match> find(String text) {
    List<Match> found = new ArrayList<>();
    Matcher m = composed.matcher(text);
    int from = 0;
    // Rejected candidates count too, so must_not_match cannot turn a scan quadratic.
    int attempts = 0;
    while (from <= text.length() && attempts++ < MAX_MATCHES && m.find(from)) {
      int start = m.start(GROUP);
      int end = m.end(GROUP);
      String secret = m.group(GROUP);
      if (accepts(secret)) {
        found.add(new Match(secret, start, end));
      }
      // The after-context may be the next secret's before-context: resume at the secret's end.
      from = Math.max(end, m.start() + 1);
    }
    return found;
  }

  private boolean accepts(String secret) {
    for (Pattern p : mustMatch) {
      if (!p.matcher(secret).find()) {
        return false;
      }
    }
    for (Pattern p : mustNotMatch) {
      if (p.matcher(secret).find()) {
        return false;
      }
    }
    return true;
  }

  /** The pattern as a detector, so its findings are reported like the engine's. */
  public Detector detector() {
    return new Detector(
        tokenType,
        displayName,
        "custom_pattern",
        "Custom pattern",
        "specific",
        "custom",
        List.of(tokenType),
        composed,
        Collections.nCopies(composed.groupCount(), "secret"),
        Validator.ANY,
        0,
        0,
        true,
        0,
        false);
  }

  /** The secrets in {@code text} as findings, positioned as the engine positions its own. */
  public List<Finding> findings(String text) {
    List<Match> matches = find(text);
    if (matches.isEmpty()) {
      return List.of();
    }
    Detector detector = detector();
    TextPositions positions = new TextPositions(text);
    List<Finding> findings = new ArrayList<>(matches.size());
    for (Match match : matches) {
      int start = positions.codePointIndex(match.start());
      int lineStart = positions.line(match.start());
      int last = match.end() - 1;
      int end = positions.codePointIndex(last);
      int lineEnd = positions.line(last);
      findings.add(
          new Finding(
              detector,
              List.of(new SecretMatch("secret", match.secret(), start, end, lineStart, lineEnd))));
    }
    return findings;
  }
}
