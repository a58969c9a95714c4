package dev.vigil.repoconfig.api;

import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.auth.VigilPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.repoconfig.config.InternalAccessConfig;
import dev.vigil.repoconfig.service.ConnectionService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Internal, for the gateway: how many connections a project of the JWT's tenant has, so that the
 * gateway refuses to delete a project that still has connections (which would orphan them). Not
 * under {@code /v1}, so never routed; the caller's {@code service} claim must be in {@code
 * vigil.repo-config.internal.project-readers}.
 */
@Path("/internal/v1/projects/{projectId}/connections")
@ErrorFamily(ApiFamily.SIGSENTRY)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
public class InternalProjectConnectionsResource {

  private final ConnectionService connections;
  private final CurrentPrincipal principal;
  private final InternalAccessConfig config;

  public InternalProjectConnectionsResource(
      ConnectionService connections, CurrentPrincipal principal, InternalAccessConfig config) {
    this.connections = connections;
    this.principal = principal;
    this.config = config;
  }

  @GET
  @Operation(summary = "Number of a project's connections (service identities only)")
  public Uni<ApiResponse<ProjectConnectionsCount>> count(@PathParam("projectId") String projectId) {
    VigilPrincipal caller = principal.get();
    caller
        .service()
        .filter(config.projectReaders()::contains)
        .orElseThrow(
            () -> ApiException.forbidden("Only allowed Vigil services may count connections"));
    UUID project;
    try {
      project = UUID.fromString(projectId);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("Not found");
    }
    return connections
        .countInProject(caller.tenantId(), project)
        .map(n -> ApiResponse.of(new ProjectConnectionsCount(project.toString(), n)));
  }
}
