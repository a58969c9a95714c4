package dev.vigil.secrets.detect;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Objects;

/**
 * One secret detector, named as GitGuardian names its detectors.
 *
 * @param name the detector's slug ({@code detector_name}, e.g. {@code github_access_token})
 * @param displayName what GitGuardian reports as a policy break's {@code type}
 * @param groupName {@code detector_group_name}: detectors of one provider's credential share it
 * @param groupDisplayName the group's display name
 * @param nature {@code specific} for a provider's format, {@code generic} for keyword heuristics
 * @param family GitGuardian's detector family ({@code apikey}, {@code private_key}, …)
 * @param keywords lower-case literals, one of which appears in every match: the prefilter runs the
 *     pattern only near them
 * @param pattern RE2J (linear-time) pattern; its capture groups are the reported matches
 * @param matchTypes the match type of each capture group, in group order
 * @param validator the capture groups' values must pass it (checksum, entropy, placeholders)
 * @param before how many characters before a keyword the pattern may start
 * @param after how many characters after a keyword the pattern may end
 * @param multiline whether a match may span lines (private keys, JSON files)
 * @param minRun a cheap check before the pattern runs: at least this many token characters ({@code
 *     [A-Za-z0-9_\-+/=.~%]}) must start at the keyword (0: no check)
 * @param needsAssignment a cheap check before the pattern runs: an assignment character ({@code = :
 *     > ,}) must follow the keyword on its line within 48 characters
 */
public record Detector(
    String name,
    String displayName,
    String groupName,
    String groupDisplayName,
    String nature,
    String family,
    List<String> keywords,
    Pattern pattern,
    List<String> matchTypes,
    Validator validator,
    int before,
    int after,
    boolean multiline,
    int minRun,
    boolean needsAssignment) {

  public Detector {
    Objects.requireNonNull(name, "name");
    keywords = List.copyOf(keywords);
    matchTypes = List.copyOf(matchTypes);
    if (keywords.isEmpty()) {
      throw new IllegalArgumentException(name + ": a detector needs a keyword");
    }
    for (String keyword : keywords) {
      if (!keyword.equals(Validators.asciiLower(keyword))) {
        throw new IllegalArgumentException(name + ": keywords are lower case: " + keyword);
      }
    }
    if (pattern.groupCount() != matchTypes.size()) {
      throw new IllegalArgumentException(name + ": one match type per capture group");
    }
  }

  public boolean generic() {
    return "generic".equals(nature);
  }

  /** GitGuardian's documentation address for this detector. */
  public String documentationUrl() {
    return "https://docs.gitguardian.com/secrets-detection/secrets-detection-engine/detectors/"
        + (generic() ? "generics/" : "specifics/")
        + groupName;
  }
}
