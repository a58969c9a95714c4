package dev.vigil.repoconfig.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.platform.PlatformException;
import dev.vigil.repoconfig.domain.Platform;
import dev.vigil.repoconfig.domain.RepositoryNames;
import dev.vigil.repoconfig.persistence.ConnectionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * GitHub's {@code GET /repos/{owner}/{repo}/actions/runs/{run_id}}, which codeql-action's
 * upload-sarif asks to build its analysis key: forwarded, read-only, to the GitHub (or GitHub
 * Enterprise Server) the repository is connected from, with that connection's credentials. The
 * repository must be connected in the caller's tenant; anything else is GitHub's 404. Every use of
 * the credentials is audited, as the internal credential reads are.
 */
@ApplicationScoped
public class WorkflowRunService {

  private static final Logger LOG = Logger.getLogger(WorkflowRunService.class);
  private static final String PURPOSE = "github-workflow-run-lookup";

  private final ConnectionRepository connections;
  private final CredentialAccessService credentials;
  private final PlatformMetadataClient platforms;

  public WorkflowRunService(
      ConnectionRepository connections,
      CredentialAccessService credentials,
      PlatformMetadataClient platforms) {
    this.connections = connections;
    this.credentials = credentials;
    this.platforms = platforms;
  }

  /**
   * @param accessor who asks, for the audit row (e.g. {@code token:<id>})
   * @return GitHub's JSON object of the run, unchanged
   */
  public Uni<JsonNode> workflowRun(
      UUID tenantId,
      String owner,
      String repo,
      long runId,
      boolean excludePullRequests,
      String accessor) {
    String fullName = owner + "/" + repo;
    if (RepositoryNames.problem(Platform.GITHUB, fullName).isPresent() || runId <= 0) {
      return Uni.createFrom().failure(notFound());
    }
    return Panache.withSession(() -> connections.findGitHubConnectionOf(tenantId, fullName))
        .onItem()
        .ifNull()
        .failWith(WorkflowRunService::notFound)
        .chain(connection -> credentials.read(tenantId, connection.id, accessor, PURPOSE))
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(
            decrypted -> {
              try {
                return platforms.workflowRun(
                    decrypted.credentials(), fullName, runId, excludePullRequests);
              } catch (PlatformException e) {
                throw translate(e);
              }
            });
  }

  private static ApiException translate(PlatformException e) {
    // The message names method, URL path and status only, never credentials or bodies.
    LOG.infof("workflow run lookup on GitHub failed: %s", e.getMessage());
    return switch (e.kind()) {
      case NOT_FOUND -> notFound();
      case RATE_LIMITED ->
          new ApiException(
              503,
              "SERVICE_UNAVAILABLE",
              "The repository's GitHub is rate limiting; try again later",
              null,
              e.retryAfter()
                  .map(d -> Map.of("Retry-After", Long.toString(Math.max(1, d.toSeconds()))))
                  .orElse(Map.of()));
      case UNAUTHORIZED ->
          new ApiException(
              502, "BAD_GATEWAY", "The repository's connection credentials were refused by GitHub");
      default ->
          new ApiException(502, "BAD_GATEWAY", "The repository's GitHub did not answer properly");
    };
  }

  private static ApiException notFound() {
    return ApiException.notFound("Not Found");
  }
}
