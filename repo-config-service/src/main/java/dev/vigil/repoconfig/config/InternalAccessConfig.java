package dev.vigil.repoconfig.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * Who may call the internal endpoints, by the {@code service} claim of the gateway-signed JWT. User
 * tokens never qualify.
 */
@ConfigMapping(prefix = "vigil.repo-config.internal")
public interface InternalAccessConfig {

  /** Services allowed to read decrypted credentials ({@code GET /internal/v1/connections/…}). */
  @WithDefault("sync-service,secrets-service")
  List<String> credentialReaders();

  /**
   * Services allowed to ask how many connections a project has ({@code GET
   * /internal/v1/projects/…/connections}): the gateway, before it deletes a project.
   */
  @WithDefault("gateway-service")
  List<String> projectReaders();

  /** Identities allowed to trigger a re-wrap ({@code POST /internal/v1/credentials/rewrap}). */
  @WithDefault("operator")
  List<String> keyRotators();
}
