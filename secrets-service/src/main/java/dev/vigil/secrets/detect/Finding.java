package dev.vigil.secrets.detect;

import java.util.List;

/** A secret the engine found: which detector, and its matches in document order. */
public record Finding(Detector detector, List<SecretMatch> matches) {

  public Finding {
    matches = List.copyOf(matches);
  }
}
