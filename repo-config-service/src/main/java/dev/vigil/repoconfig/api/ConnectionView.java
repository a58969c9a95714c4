package dev.vigil.repoconfig.api;

import java.time.Instant;
import java.util.List;

/**
 * A repository connection as {@code GET}/{@code PUT} return it. Credentials appear only as their
 * kind and when the platform last accepted them; never a secret.
 *
 * @param baseUrl GitHub Enterprise Server / self-managed GitLab base; null for the public cloud
 */
public record ConnectionView(
    String id,
    String platform,
    String baseUrl,
    List<RepositoryView> repositories,
    List<ServiceMappingView> serviceMappings,
    int lookbackDays,
    CredentialsView credentials,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * One connected repository with the metadata last fetched from its platform.
   *
   * @param defaultBranch the platform's default branch; null until fetched or when unknown
   * @param visibility public, private or internal; null until fetched
   * @param credentialsValid whether the platform accepted the credentials for this repository
   * @param metadataFetchedAt when the metadata was last fetched successfully or definitively
   * @param metadataError why the last fetch failed ({@code not_found}, {@code unauthorized}, {@code
   *     unavailable}, {@code rate_limited}, …); null when it succeeded
   */
  public record RepositoryView(
      String fullName,
      String defaultBranch,
      String visibility,
      Boolean credentialsValid,
      Instant metadataFetchedAt,
      String metadataError) {}

  /** One service mapping, as sent. */
  public record ServiceMappingView(
      String serviceName, String repo, String pathPrefix, String defaultBranch) {}

  /**
   * @param kind {@code token} (GitHub, GitLab) or {@code appPassword} (Bitbucket)
   * @param lastVerifiedAt when the platform last accepted the credentials; null if never
   */
  public record CredentialsView(String kind, Instant lastVerifiedAt) {}
}
