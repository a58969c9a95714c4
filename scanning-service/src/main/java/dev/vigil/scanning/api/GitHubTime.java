package dev.vigil.scanning.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** GitHub's timestamp format, {@code YYYY-MM-DDTHH:MM:SSZ}. */
final class GitHubTime {

  private GitHubTime() {}

  static String format(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
