package dev.vigil.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.platform.RepositoryMetadata.Visibility;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** GitHub.com and GitHub Enterprise Server REST API. */
final class GitHubClient extends AbstractPlatformClient {

  /** The REST API version this client was written against. */
  static final String API_VERSION = "2022-11-28";

  GitHubClient(HttpTransport transport) {
    super(transport);
  }

  @Override
  URI metadataUri(PlatformCredentials credentials, String fullName) {
    return URI.create(repoBase(credentials, fullName));
  }

  @Override
  URI archiveUri(PlatformCredentials credentials, String fullName, String ref) {
    String encodedRef = RepoPaths.encodeKeepingSlashes(RepoPaths.ref(ref));
    return URI.create(repoBase(credentials, fullName) + "/zipball/" + encodedRef);
  }

  @Override
  public JsonNode fetchWorkflowRun(
      PlatformCredentials credentials, String fullName, long runId, boolean excludePullRequests) {
    Objects.requireNonNull(credentials, "credentials");
    if (runId <= 0) {
      throw new IllegalArgumentException("runId must be positive");
    }
    URI uri =
        URI.create(
            repoBase(credentials, fullName)
                + "/actions/runs/"
                + runId
                + (excludePullRequests ? "?exclude_pull_requests=true" : ""));
    return getJson(uri, authHeaders(credentials));
  }

  private String repoBase(PlatformCredentials credentials, String fullName) {
    List<String> parts = RepoPaths.segments(fullName, 2, 2, "owner/repo");
    return base(credentials, transport.config().githubApiBase())
        + "/repos/"
        + RepoPaths.encode(parts.get(0))
        + "/"
        + RepoPaths.encode(parts.get(1));
  }

  @Override
  Map<String, String> authHeaders(PlatformCredentials credentials) {
    if (credentials.token() == null) {
      throw new IllegalArgumentException("GitHub needs token credentials");
    }
    return Map.of("Authorization", "Bearer " + credentials.token());
  }

  @Override
  Map<String, String> headers() {
    return Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", API_VERSION);
  }

  @Override
  RepositoryMetadata toMetadata(
      JsonNode json, String requestedName, boolean credentialsValid, URI uri) {
    String fullName = text(json, "full_name");
    Visibility visibility =
        switch (String.valueOf(text(json, "visibility"))) {
          case "public" -> Visibility.PUBLIC;
          case "private" -> Visibility.PRIVATE;
          case "internal" -> Visibility.INTERNAL;
          default -> {
            // Older GitHub Enterprise Server versions only send the boolean.
            JsonNode isPrivate = json.get("private");
            if (isPrivate == null || !isPrivate.isBoolean()) {
              throw invalid(uri, "repository without visibility");
            }
            yield isPrivate.asBoolean() ? Visibility.PRIVATE : Visibility.PUBLIC;
          }
        };
    return new RepositoryMetadata(
        fullName != null ? fullName : requestedName,
        text(json, "default_branch"),
        visibility,
        credentialsValid);
  }
}
