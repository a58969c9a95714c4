package dev.vigil.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.platform.RepositoryMetadata.Visibility;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Bitbucket Cloud REST API 2.0; archives come from the web host. */
final class BitbucketClient extends AbstractPlatformClient {

  BitbucketClient(HttpTransport transport) {
    super(transport);
  }

  @Override
  URI metadataUri(PlatformCredentials credentials, String fullName) {
    return URI.create(
        transport.config().bitbucketApiBase() + "/repositories/" + path(credentials, fullName));
  }

  @Override
  URI archiveUri(PlatformCredentials credentials, String fullName, String ref) {
    // Branch names may contain '/', which must stay inside the one path segment.
    String encodedRef = RepoPaths.encode(RepoPaths.ref(ref));
    return URI.create(
        transport.config().bitbucketWebBase()
            + "/"
            + path(credentials, fullName)
            + "/get/"
            + encodedRef
            + ".zip");
  }

  private static String path(PlatformCredentials credentials, String fullName) {
    if (credentials.baseUrl() != null) {
      throw new IllegalArgumentException("Bitbucket Data Center / Server is not supported");
    }
    List<String> parts = RepoPaths.segments(fullName, 2, 2, "workspace/repo-slug");
    return RepoPaths.encode(parts.get(0)) + "/" + RepoPaths.encode(parts.get(1));
  }

  /** App passwords go as HTTP Basic; a bare token (repository/workspace access token) as Bearer. */
  @Override
  Map<String, String> authHeaders(PlatformCredentials credentials) {
    if (!credentials.usesAppPassword()) {
      return Map.of("Authorization", "Bearer " + credentials.token());
    }
    String pair = credentials.username() + ":" + credentials.appPassword();
    return Map.of(
        "Authorization",
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  RepositoryMetadata toMetadata(
      JsonNode json, String requestedName, boolean credentialsValid, URI uri) {
    JsonNode isPrivate = json.get("is_private");
    if (isPrivate == null || !isPrivate.isBoolean()) {
      throw invalid(uri, "repository without is_private");
    }
    JsonNode mainBranch = json.get("mainbranch");
    String defaultBranch =
        mainBranch == null || !mainBranch.isObject() ? null : text(mainBranch, "name");
    String fullName = text(json, "full_name");
    return new RepositoryMetadata(
        fullName != null ? fullName : requestedName,
        defaultBranch,
        isPrivate.asBoolean() ? Visibility.PRIVATE : Visibility.PUBLIC,
        credentialsValid);
  }
}
