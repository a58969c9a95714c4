package dev.vigil.repoconfig.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.platform.PlatformClient;
import dev.vigil.platform.PlatformClientConfig;
import dev.vigil.platform.PlatformClients;
import dev.vigil.platform.PlatformCredentials;
import dev.vigil.platform.PlatformException;
import dev.vigil.platform.RepositoryMetadata;
import dev.vigil.repoconfig.config.PlatformsConfig;
import dev.vigil.repoconfig.domain.Credentials;
import dev.vigil.repoconfig.domain.Platform;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Blocking repository-metadata look-ups through libs/platform-client. Never call it on the event
 * loop. Failures come back as a {@link Fetched} with an error kind, never as an exception, so one
 * broken repository cannot fail the others.
 */
@ApplicationScoped
public class PlatformMetadataClient {

  private static final Logger LOG = Logger.getLogger(PlatformMetadataClient.class);

  /**
   * Result of one look-up.
   *
   * @param metadata what the platform said, or null when it failed
   * @param error lower-case {@link PlatformException.Kind} (e.g. {@code not_found}) when it failed
   */
  public record Fetched(RepositoryMetadata metadata, String error) {

    public boolean ok() {
      return metadata != null;
    }

    /** Whether the failure says something about the credentials or the repository itself. */
    public boolean definitive() {
      return "unauthorized".equals(error) || "not_found".equals(error);
    }
  }

  private final Map<dev.vigil.platform.Platform, PlatformClient> clients;

  public PlatformMetadataClient(PlatformsConfig config) {
    this.clients =
        PlatformClients.all(
            PlatformClientConfig.defaults()
                .withTimeouts(config.connectTimeout(), config.readTimeout())
                .withGithubApiBase(config.githubApiBase())
                .withGitlabBase(config.gitlabBase())
                .withBitbucketBases(config.bitbucketApiBase(), config.bitbucketWebBase())
                .withUserAgent("vigil-repo-config-service"));
  }

  public Fetched fetch(Platform platform, Credentials credentials, String fullName) {
    dev.vigil.platform.Platform target =
        dev.vigil.platform.Platform.fromWireName(platform.wireName());
    try {
      return new Fetched(
          clients.get(target).fetchRepository(toPlatformCredentials(credentials), fullName), null);
    } catch (PlatformException e) {
      // The exception message names method, URL path and status only; the kind is enough here.
      LOG.debugf("metadata of a %s repository: %s", platform.wireName(), e.kind());
      return new Fetched(null, e.kind().name().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return new Fetched(null, "invalid_request");
    }
  }

  /**
   * A GitHub workflow run, read with the connection's credentials (blocking: never on the event
   * loop).
   *
   * @throws PlatformException when GitHub refuses or fails
   */
  public JsonNode workflowRun(
      Credentials credentials, String fullName, long runId, boolean excludePullRequests) {
    return clients
        .get(dev.vigil.platform.Platform.GITHUB)
        .fetchWorkflowRun(toPlatformCredentials(credentials), fullName, runId, excludePullRequests);
  }

  static PlatformCredentials toPlatformCredentials(Credentials credentials) {
    if (credentials.appPassword() != null) {
      return PlatformCredentials.appPassword(credentials.username(), credentials.appPassword());
    }
    return PlatformCredentials.token(credentials.token(), credentials.baseUrl());
  }
}
