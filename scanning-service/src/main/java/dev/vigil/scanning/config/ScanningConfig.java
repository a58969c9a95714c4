package dev.vigil.scanning.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of code scanning processing and its public URLs. */
@ConfigMapping(prefix = "vigil.scanning")
public interface ScanningConfig {

  /** Processing of stored SARIF uploads. */
  public Processing processing();

  /** The safety net that finds uploads left pending (crash, lost event). */
  public Sweep sweep();

  /**
   * Base of the {@code html_url} of alerts (GitHub: https://github.com). Empty: the API base URL
   * the request came in on.
   */
  public Optional<String> htmlBaseUrl();

  /** Processing settings. */
  interface Processing {

    /**
     * Attempts before an upload that keeps failing for reasons other than its content (a bug, the
     * database) is marked failed. A crash during processing counts as an attempt.
     */
    @WithDefault("5")
    int maxAttempts();

    /**
     * Whether the replica that stores an upload starts processing it at once, ahead of its {@code
     * sarif.received} event (which stays the durable work item). See {@code LocalStart}.
     */
    @WithDefault("true")
    boolean startOnUpload();

    /** Decompressed SARIF bytes accepted (zip-bomb guard); GitHub's compressed limit is 10 MB. */
    @WithDefault("524288000")
    long maxDecompressedBytes();
  }

  /** Sweep settings. */
  interface Sweep {

    /** Whether this replica sweeps at all. */
    @WithDefault("true")
    boolean enabled();

    /** How often the sweep runs (it also runs once at start-up); a Quarkus scheduler period. */
    @WithDefault("60s")
    String interval();

    /** Age after which a pending upload is taken by the sweep although its event may still come. */
    @WithDefault("PT2M")
    Duration staleAfter();

    /** Uploads taken per sweep. */
    @WithDefault("50")
    int batchSize();
  }
}
