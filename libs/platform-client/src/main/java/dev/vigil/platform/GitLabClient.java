package dev.vigil.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.platform.RepositoryMetadata.Visibility;
import java.net.URI;
import java.util.Map;

/** GitLab.com and self-hosted GitLab REST API v4. */
final class GitLabClient extends AbstractPlatformClient {

  /** GitLab allows 20 levels of subgroups under a top-level group, plus the project. */
  private static final int MAX_SEGMENTS = 22;

  GitLabClient(HttpTransport transport) {
    super(transport);
  }

  @Override
  URI metadataUri(PlatformCredentials credentials, String fullName) {
    return URI.create(projectBase(credentials, fullName));
  }

  @Override
  URI archiveUri(PlatformCredentials credentials, String fullName, String ref) {
    String encodedRef = RepoPaths.encode(RepoPaths.ref(ref));
    return URI.create(
        projectBase(credentials, fullName) + "/repository/archive.zip?sha=" + encodedRef);
  }

  /** The project is addressed by its whole path, URL-encoded into one segment ({@code %2F}). */
  private String projectBase(PlatformCredentials credentials, String fullName) {
    RepoPaths.segments(fullName, 2, MAX_SEGMENTS, "group/project or group/subgroup/project");
    return base(credentials, transport.config().gitlabBase())
        + "/api/v4/projects/"
        + RepoPaths.encode(fullName);
  }

  @Override
  Map<String, String> authHeaders(PlatformCredentials credentials) {
    if (credentials.token() == null) {
      throw new IllegalArgumentException("GitLab needs token credentials");
    }
    return Map.of("PRIVATE-TOKEN", credentials.token());
  }

  @Override
  RepositoryMetadata toMetadata(
      JsonNode json, String requestedName, boolean credentialsValid, URI uri) {
    String fullName = text(json, "path_with_namespace");
    Visibility visibility =
        switch (String.valueOf(text(json, "visibility"))) {
          case "public" -> Visibility.PUBLIC;
          case "private" -> Visibility.PRIVATE;
          case "internal" -> Visibility.INTERNAL;
          default -> throw invalid(uri, "project without visibility");
        };
    return new RepositoryMetadata(
        fullName != null ? fullName : requestedName,
        text(json, "default_branch"),
        visibility,
        credentialsValid);
  }
}
