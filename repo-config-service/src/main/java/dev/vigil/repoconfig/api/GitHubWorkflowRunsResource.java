package dev.vigil.repoconfig.api;

import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.auth.VigilPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.repoconfig.service.WorkflowRunService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GitHub's "get a workflow run", the one Actions API Vigil serves: codeql-action's upload-sarif
 * asks it to build its analysis key. Forwarded read-only to the repository's own GitHub with its
 * connection's credentials ({@link WorkflowRunService}); errors in GitHub's shape.
 */
@Path("/repos/{owner}/{repo}/actions/runs/{run_id}")
@ErrorFamily(ApiFamily.GITHUB)
// No @Produces: codeql-action sends Accept: application/vnd.github.v3+json; GitHub answers JSON.
@Tag(name = "GitHub Actions")
public class GitHubWorkflowRunsResource {

  static final String READ = "security_events:read";
  private static final MediaType GITHUB_JSON = MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8");

  private final WorkflowRunService runs;
  private final CurrentPrincipal principal;

  public GitHubWorkflowRunsResource(WorkflowRunService runs, CurrentPrincipal principal) {
    this.runs = runs;
    this.principal = principal;
  }

  @GET
  @RolesAllowed(READ)
  @Operation(summary = "Get a workflow run (forwarded to the repository's GitHub)")
  @APIResponse(
      responseCode = "200",
      description = "GitHub's workflow-run object, as the repository's GitHub answers it.",
      content =
          @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
  public Uni<Response> get(
      @PathParam("owner") String owner,
      @PathParam("repo") String repo,
      @PathParam("run_id") String runId,
      @QueryParam("exclude_pull_requests") String excludePullRequests) {
    VigilPrincipal caller = principal.get();
    long id = parseRunId(runId);
    String accessor =
        caller.tokenId().map(t -> "token:" + t).orElse(caller.service().orElse("unknown"));
    return runs.workflowRun(
            caller.tenantId(), owner, repo, id, "true".equals(excludePullRequests), accessor)
        .map(run -> Response.ok(run.toString(), GITHUB_JSON).build());
  }

  private static long parseRunId(String value) {
    try {
      long id = Long.parseLong(value);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // GitHub answers 404 for a run id that is not a number
    }
    throw ApiException.notFound("Not Found");
  }
}
