package dev.vigil.secrets.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Secret incidents: how secrets are hashed and how incidents open. */
@ConfigMapping(prefix = "vigil.secrets.incidents")
public interface IncidentConfig {

  /**
   * Key of the HMAC that turns a secret into its {@code secret_hash}: base64 of at least 32 random
   * bytes. No default: the service refuses to start without one. Changing it makes every known
   * secret look new (a second incident per secret).
   */
  String hashKey();

  /** Severity of a new incident whose detector is specific to one provider. */
  @WithDefault("high")
  String specificSeverity();

  /** Severity of a new incident found by a generic detector (passwords, high entropy). */
  @WithDefault("unknown")
  String genericSeverity();
}
