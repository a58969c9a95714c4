package dev.vigil.secrets.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Secret scans of connected repositories' archives: limits and the worker's pace. */
@ConfigMapping(prefix = "vigil.secrets.repo-scans")
public interface RepositoryScanConfig {

  /** Whether repository events and POST /v1/secret-scans queue scans at all. */
  @WithDefault("true")
  boolean enabled();

  /** Largest archive downloaded, in bytes (compressed). */
  @WithDefault("209715200")
  long maxArchiveBytes();

  /** Most entries an archive may hold; more rejects the archive. */
  @WithDefault("100000")
  int maxEntries();

  /** Largest file scanned, in bytes; larger files are skipped (and counted). */
  @WithDefault("1048576")
  int maxFileBytes();

  /** Most bytes read from all entries together; more rejects the archive. */
  @WithDefault("2147483648")
  long maxTotalBytes();

  /** Highest uncompressed/compressed ratio of one entry; more rejects the archive (zip bomb). */
  @WithDefault("200")
  int maxRatio();

  /** How often the worker looks for queued scans and for scans whose worker stopped. */
  @WithDefault("15s")
  Duration pollEvery();

  /** A running scan without a heartbeat for this long is taken over by another worker. */
  @WithDefault("PT10M")
  Duration staleAfter();

  /** Attempts before a scan is given up as failed. */
  @WithDefault("3")
  int maxAttempts();

  /** GitHub's API base for github.com connections (a connection's own base URL wins). */
  Optional<String> githubApiBase();

  /** How long a call to repo-config may take. */
  @WithDefault("10s")
  Duration callTimeout();
}
