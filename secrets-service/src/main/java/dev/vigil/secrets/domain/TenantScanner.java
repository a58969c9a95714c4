package dev.vigil.secrets.domain;

import dev.vigil.secrets.detect.Finding;
import dev.vigil.secrets.detect.SecretMatch;
import dev.vigil.secrets.detect.SecretScanner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The engine's detectors plus one tenant's custom patterns, scanning as one. */
public record TenantScanner(SecretScanner engine, List<CompiledCustomPattern> customPatterns) {

  public TenantScanner {
    customPatterns = List.copyOf(customPatterns);
  }

  /**
   * Every secret in {@code text}: the engine's findings, then the custom patterns', by position.
   */
  public List<Finding> scan(String text) {
    List<Finding> findings = engine.scan(text);
    if (customPatterns.isEmpty()) {
      return findings;
    }
    List<Finding> all = new ArrayList<>(findings);
    for (CompiledCustomPattern pattern : customPatterns) {
      all.addAll(pattern.findings(text));
    }
    all.sort(Comparator.comparingInt(TenantScanner::firstIndex));
    return all;
  }

  private static int firstIndex(Finding finding) {
    return finding.matches().stream().mapToInt(SecretMatch::indexStart).min().orElse(0);
  }
}
