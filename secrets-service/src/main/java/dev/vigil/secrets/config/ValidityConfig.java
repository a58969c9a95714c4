package dev.vigil.secrets.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Validity checks of new incidents' secrets against their issuer. */
@ConfigMapping(prefix = "vigil.secrets.validity")
public interface ValidityConfig {

  /** Off: every incident keeps validity {@code unknown}, no secret leaves the service. */
  @WithDefault("true")
  boolean enabled();

  /** How long one check may take; longer is {@code failed_to_check}. */
  @WithDefault("5s")
  Duration timeout();

  /** Most checks per minute per replica; beyond, a secret stays {@code unknown}. */
  @WithDefault("30")
  int perMinute();

  /**
   * The gateway's public URL, to check {@code vgl_} tokens ({@code GET /v1/token}); without it they
   * are {@code no_checker}.
   */
  Optional<String> gatewayUrl();
}
