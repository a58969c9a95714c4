package dev.vigil.kit.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * This service's own identity at the gateway: the client registered by the operator ({@code POST
 * /vigil/v1/service-clients}) and where to exchange it for internal JWTs. Unset means the service
 * has no identity and calls nothing that needs one.
 */
@ConfigMapping(prefix = "vigil.service-identity")
public interface ServiceIdentityConfig {

  /** The gateway's client-credentials endpoint, e.g. {@code http://gateway:9080/oauth/token}. */
  Optional<String> tokenUrl();

  /** The registered client id. */
  Optional<String> clientId();

  /** The client secret shown once at registration. Never logged. */
  Optional<String> clientSecret();

  /** Timeout of one token request. */
  @WithDefault("PT2S")
  Duration timeout();
}
