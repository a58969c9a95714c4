package dev.vigil.repoconfig.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * Key-encryption keys (KEKs) for stored credentials. The service refuses to start without them.
 *
 * <p>From the environment: {@code VIGIL_REPO_CONFIG_KEK_ACTIVE=k2026a} and {@code
 * VIGIL_REPO_CONFIG_KEK_KEYS_K2026A=<base64 of 32 random bytes>}. SmallRye Config lower-cases the
 * map key taken from a variable name and turns {@code _} into {@code .}, so key ids set through the
 * environment should be lower-case letters and digits only.
 *
 * <p>Rotation without downtime: add the new key, make it active, keep the old one; the startup and
 * periodic re-wrap passes (or {@code POST /internal/v1/credentials/rewrap}) move every envelope to
 * the active key; once that reports nothing remaining, drop the old key.
 */
@ConfigMapping(prefix = "vigil.repo-config.kek")
public interface KekConfig {

  /** Id of the key that wraps new data keys; must be one of {@link #keys()}. */
  Optional<String> active();

  /** Key id to standard base64 of exactly 32 random bytes (AES-256). */
  Map<String, String> keys();

  /** Whether a re-wrap pass runs in the background right after startup. */
  @WithDefault("true")
  boolean rewrapOnStartup();

  /** Envelopes re-wrapped per (short) transaction. */
  @WithDefault("100")
  int rewrapBatchSize();

  /**
   * Interval of the periodic re-wrap pass, which catches rows that were locked during the previous
   * one (Quarkus scheduler syntax, e.g. {@code 10m}).
   */
  @WithDefault("10m")
  String rewrapEvery();
}
