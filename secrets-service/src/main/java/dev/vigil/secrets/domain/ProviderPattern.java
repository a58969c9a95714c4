package dev.vigil.secrets.domain;

import dev.vigil.secrets.detect.Detector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A built-in detector as GitHub's pattern configurations list it.
 *
 * @param tokenType the pattern's id in GitHub's style: the detector's name in upper case
 * @param slug the detector's name
 * @param displayName the detector's display name
 * @param defaultSetting provider-specific formats block pushes by default; generic heuristics
 *     (passwords, high-entropy assignments) would block too many and are off by default
 */
public record ProviderPattern(
    String tokenType, String slug, String displayName, PushSetting defaultSetting) {

  public static ProviderPattern of(Detector detector) {
    return new ProviderPattern(
        tokenType(detector),
        detector.name(),
        detector.displayName(),
        detector.generic() ? PushSetting.DISABLED : PushSetting.ENABLED);
  }

  public static String tokenType(Detector detector) {
    return detector.name().toUpperCase(Locale.ROOT);
  }

  /** The catalogue's patterns by token type, in catalogue order. */
  public static Map<String, ProviderPattern> catalogue(List<Detector> detectors) {
    Map<String, ProviderPattern> byTokenType = new LinkedHashMap<>();
    for (Detector detector : detectors) {
      byTokenType.putIfAbsent(tokenType(detector), of(detector));
    }
    return byTokenType;
  }

  public static Optional<ProviderPattern> find(Map<String, ProviderPattern> catalogue, String id) {
    return Optional.ofNullable(catalogue.get(id));
  }
}
