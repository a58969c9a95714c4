package dev.vigil.secrets.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Push protection: the check's limits and how bypassable secrets are remembered. */
@ConfigMapping(prefix = "vigil.secrets.push-protection")
public interface PushProtectionConfig {

  /** Most files in one check (all commits together). */
  @WithDefault("1000")
  int maxFiles();

  /** Largest file content scanned, in bytes after decoding; larger files are refused (400). */
  @WithDefault("1048576")
  int maxFileSize();

  /** Longest file path. */
  @WithDefault("4096")
  int maxPathLength();

  /** How long a blocked secret can be bypassed by its placeholder id after the check. */
  @WithDefault("PT1H")
  Duration placeholderLifetime();

  /** Most placeholders a tenant keeps for bypasses at once (the oldest are forgotten first). */
  @WithDefault("10000")
  int maxPlaceholders();
}
