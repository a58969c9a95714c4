package dev.vigil.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;

/**
 * Read access to repositories on one platform. Implementations are thread-safe and stateless apart
 * from their HTTP client; create them once through {@link PlatformClients}. Every failure is a
 * {@link PlatformException}; bad arguments (a malformed full name or ref) are an {@link
 * IllegalArgumentException}.
 */
public interface PlatformClient {

  /** The platform this client talks to. */
  Platform platform();

  /**
   * Fetches a repository's metadata. When the platform rejects the credentials (401) the request is
   * repeated anonymously: a public repository then comes back with {@code credentialsValid} false.
   *
   * @param fullName {@code owner/repo}, {@code group/sub/project} or {@code workspace/slug}
   * @throws PlatformException UNAUTHORIZED, NOT_FOUND, RATE_LIMITED, UNAVAILABLE or
   *     INVALID_RESPONSE
   */
  RepositoryMetadata fetchRepository(PlatformCredentials credentials, String fullName);

  /**
   * Opens a zip archive of the repository at {@code ref}, following redirects (credentials are only
   * sent to the API's own origin). The caller must close the stream. Reading past {@code maxBytes}
   * throws a {@link PlatformException} of kind TOO_LARGE; a read that stalls longer than the read
   * timeout throws one of kind UNAVAILABLE. Both are unchecked and thrown from {@code read}.
   *
   * @param ref branch, tag or commit SHA
   * @param maxBytes largest archive accepted, in bytes
   * @throws PlatformException as for {@link #fetchRepository}, or TOO_LARGE when the declared
   *     length already exceeds {@code maxBytes}
   */
  InputStream downloadArchive(
      PlatformCredentials credentials, String fullName, String ref, long maxBytes);

  /**
   * GitHub only: one workflow run ({@code GET /repos/{owner}/{repo}/actions/runs/{run_id}}), read
   * with the credentials and returned as GitHub's JSON object, unchanged (bounded like metadata).
   *
   * @param excludePullRequests sends {@code exclude_pull_requests=true}, as codeql-action does
   * @throws UnsupportedOperationException on other platforms
   * @throws PlatformException as for {@link #fetchRepository}, without the anonymous retry
   */
  default JsonNode fetchWorkflowRun(
      PlatformCredentials credentials, String fullName, long runId, boolean excludePullRequests) {
    throw new UnsupportedOperationException(
        platform().displayName() + " has no GitHub Actions workflow runs");
  }
}
