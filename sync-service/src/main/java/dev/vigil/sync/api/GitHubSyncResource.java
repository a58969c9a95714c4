package dev.vigil.sync.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.sync.service.PolledSync;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /v1/sync_github_repositories}: sync the tenant's GitHub-polled sources now. */
@Path("/v1/sync_github_repositories")
@ErrorFamily(ApiFamily.SCANNER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Git sync")
public class GitHubSyncResource {

  private final CurrentPrincipal principal;
  private final PolledSync polled;

  public GitHubSyncResource(CurrentPrincipal principal, PolledSync polled) {
    this.principal = principal;
    this.polled = polled;
  }

  /** The body: the tenant whose sources to sync (must be the caller's). */
  public record TriggerRequest(@JsonProperty("tenant_id") String tenantId) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Trigger an immediate sync of the tenant's GitHub-polled sync sources")
  @APIResponse(
      responseCode = "200",
      description = "The sync is started for the tenant.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.SyncTriggered.class)))
  @RequestBody(
      required = true,
      description = "The caller's own tenant id.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = TriggerRequest.class)))
  public ObjectNode trigger(TriggerRequest body) {
    var caller = principal.require(Scopes.SYNC);
    if (body == null || body.tenantId() == null) {
      throw ApiException.badRequest("tenant_id is required");
    }
    UUID tenant = Params.optionalUuid(body.tenantId(), "tenant_id");
    if (!caller.tenantId().equals(tenant)) {
      // Another tenant is not there for this caller.
      throw ApiException.notFound("Tenant not found");
    }
    polled.trigger(tenant);
    return JsonNodeFactory.instance.objectNode().put("tenant_id", tenant.toString());
  }
}
