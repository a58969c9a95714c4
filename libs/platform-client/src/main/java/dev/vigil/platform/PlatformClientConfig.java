package dev.vigil.platform;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings shared by the platform clients. Start from {@link #defaults()} and change what you need
 * with the {@code with…} methods.
 *
 * @param connectTimeout time allowed to open a TCP/TLS connection
 * @param readTimeout time allowed for response headers, and for each read of a body to return data
 * @param maxMetadataBytes largest metadata (JSON) response accepted
 * @param maxRedirects redirects followed per call before giving up
 * @param githubApiBase GitHub API base when the credentials name none
 * @param gitlabBase GitLab root when the credentials name none ({@code /api/v4} is appended)
 * @param bitbucketApiBase Bitbucket Cloud REST API base
 * @param bitbucketWebBase Bitbucket Cloud web base, where archives are served
 * @param userAgent User-Agent header (GitHub rejects requests without one)
 */
public record PlatformClientConfig(
    Duration connectTimeout,
    Duration readTimeout,
    long maxMetadataBytes,
    int maxRedirects,
    String githubApiBase,
    String gitlabBase,
    String bitbucketApiBase,
    String bitbucketWebBase,
    String userAgent) {

  /** 1 MiB: far above any repository JSON these APIs return, small enough to never hurt. */
  public static final long DEFAULT_MAX_METADATA_BYTES = 1L << 20;

  /** Validates and normalises the settings. */
  public PlatformClientConfig {
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    if (maxMetadataBytes <= 0) {
      throw new IllegalArgumentException("maxMetadataBytes must be positive");
    }
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("maxRedirects must not be negative");
    }
    githubApiBase = requireBase(githubApiBase, "githubApiBase");
    gitlabBase = requireBase(gitlabBase, "gitlabBase");
    bitbucketApiBase = requireBase(bitbucketApiBase, "bitbucketApiBase");
    bitbucketWebBase = requireBase(bitbucketWebBase, "bitbucketWebBase");
    Objects.requireNonNull(userAgent, "userAgent");
  }

  /** Public-cloud endpoints, 10 s connect and 30 s read timeouts, 1 MiB metadata, 5 redirects. */
  public static PlatformClientConfig defaults() {
    return new PlatformClientConfig(
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        DEFAULT_MAX_METADATA_BYTES,
        5,
        "https://api.github.com",
        "https://gitlab.com",
        "https://api.bitbucket.org/2.0",
        "https://bitbucket.org",
        "vigil-platform-client");
  }

  /** A copy with other timeouts. */
  public PlatformClientConfig withTimeouts(Duration connect, Duration read) {
    return new PlatformClientConfig(
        connect,
        read,
        maxMetadataBytes,
        maxRedirects,
        githubApiBase,
        gitlabBase,
        bitbucketApiBase,
        bitbucketWebBase,
        userAgent);
  }

  /** A copy with another metadata size limit. */
  public PlatformClientConfig withMaxMetadataBytes(long bytes) {
    return new PlatformClientConfig(
        connectTimeout,
        readTimeout,
        bytes,
        maxRedirects,
        githubApiBase,
        gitlabBase,
        bitbucketApiBase,
        bitbucketWebBase,
        userAgent);
  }

  /** A copy with another default GitHub API base. */
  public PlatformClientConfig withGithubApiBase(String base) {
    return new PlatformClientConfig(
        connectTimeout,
        readTimeout,
        maxMetadataBytes,
        maxRedirects,
        base,
        gitlabBase,
        bitbucketApiBase,
        bitbucketWebBase,
        userAgent);
  }

  /** A copy with another default GitLab root. */
  public PlatformClientConfig withGitlabBase(String base) {
    return new PlatformClientConfig(
        connectTimeout,
        readTimeout,
        maxMetadataBytes,
        maxRedirects,
        githubApiBase,
        base,
        bitbucketApiBase,
        bitbucketWebBase,
        userAgent);
  }

  /** A copy with other Bitbucket API and web bases. */
  public PlatformClientConfig withBitbucketBases(String apiBase, String webBase) {
    return new PlatformClientConfig(
        connectTimeout,
        readTimeout,
        maxMetadataBytes,
        maxRedirects,
        githubApiBase,
        gitlabBase,
        apiBase,
        webBase,
        userAgent);
  }

  /** A copy with another User-Agent. */
  public PlatformClientConfig withUserAgent(String agent) {
    return new PlatformClientConfig(
        connectTimeout,
        readTimeout,
        maxMetadataBytes,
        maxRedirects,
        githubApiBase,
        gitlabBase,
        bitbucketApiBase,
        bitbucketWebBase,
        agent);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  private static String requireBase(String base, String name) {
    String normalised = PlatformCredentials.normaliseBaseUrl(base);
    if (normalised == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return normalised;
  }
}
