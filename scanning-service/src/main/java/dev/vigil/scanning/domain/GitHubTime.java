package dev.vigil.scanning.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** GitHub's timestamp format, {@code YYYY-MM-DDTHH:MM:SSZ}. */
public final class GitHubTime {

  private GitHubTime() {}

  public static String format(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
