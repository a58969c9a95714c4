package dev.vigil.contracts.events.repos;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Payload of {@code repo.connected}, {@code repo.updated} and {@code repo.disconnected} on {@code
 * vigil.repos.v1}: the state of one repository connection after the change. It deliberately has no
 * credential field; services that need to call the platform ask repo-config for credentials.
 *
 * @param connectionId repo connection id ({@code rc_…}); also the Kafka key.
 * @param projectId project (UUID) the connection belongs to.
 * @param platform the source platform.
 * @param fullName repository path on the platform: {@code owner/repo} (GitHub), {@code
 *     group/sub/project} (GitLab), {@code workspace/slug} (Bitbucket).
 * @param baseUrl API base of a self-hosted platform (GitHub Enterprise Server, self-hosted GitLab);
 *     null for the public cloud. Never carries user info.
 * @param defaultBranch the repository's default branch; null when unknown (e.g. an empty
 *     repository) and on {@code repo.disconnected}.
 * @param visibility the repository's visibility; null when unknown and on {@code
 *     repo.disconnected}.
 * @param lookbackDays how many days of PR/MR history analyses look back (1–365); null on {@code
 *     repo.disconnected}.
 * @param serviceMappings services living in this repository, matched by longest {@code pathPrefix};
 *     null on {@code repo.disconnected}, otherwise possibly empty.
 */
public record RepoEvent(
    String connectionId,
    UUID projectId,
    Platform platform,
    String fullName,
    String baseUrl,
    String defaultBranch,
    Visibility visibility,
    Integer lookbackDays,
    List<ServiceMapping> serviceMappings) {

  /** Validates identity fields and keeps credentials out of {@code baseUrl}. */
  public RepoEvent {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(fullName, "fullName");
    if (baseUrl != null && URI.create(baseUrl).getRawUserInfo() != null) {
      throw new IllegalArgumentException("baseUrl must not carry user info");
    }
    serviceMappings = serviceMappings == null ? null : List.copyOf(serviceMappings);
  }

  /** The payload of {@code repo.disconnected}: identity only, no metadata. */
  public static RepoEvent disconnected(
      String connectionId, UUID projectId, Platform platform, String fullName, String baseUrl) {
    return new RepoEvent(
        connectionId, projectId, platform, fullName, baseUrl, null, null, null, null);
  }

  /** Source platform of a repository. */
  public enum Platform {
    /** github.com or GitHub Enterprise Server. */
    @JsonProperty("github")
    GITHUB,
    /** gitlab.com or self-hosted GitLab. */
    @JsonProperty("gitlab")
    GITLAB,
    /** Bitbucket Cloud. */
    @JsonProperty("bitbucket")
    BITBUCKET
  }

  /** Repository visibility as the platform reports it. */
  public enum Visibility {
    /** Readable by anyone. */
    @JsonProperty("public")
    PUBLIC,
    /** Readable by members only. */
    @JsonProperty("private")
    PRIVATE,
    /** Readable by everyone in the enterprise/instance (GitHub Enterprise, GitLab). */
    @JsonProperty("internal")
    INTERNAL
  }

  /**
   * One service living in the repository.
   *
   * @param serviceName the service name as it appears in logs; alerts under {@code pathPrefix} get
   *     it as their {@code service}.
   * @param pathPrefix subdirectory of the service inside the repository; {@code ""} for the root.
   * @param defaultBranch branch analyses of this service reason about, e.g. {@code main}.
   */
  public record ServiceMapping(String serviceName, String pathPrefix, String defaultBranch) {

    /** All three fields are required by the SigSentry API this mirrors. */
    public ServiceMapping {
      Objects.requireNonNull(serviceName, "serviceName");
      Objects.requireNonNull(pathPrefix, "pathPrefix");
      Objects.requireNonNull(defaultBranch, "defaultBranch");
    }
  }
}
