package dev.vigil.sync.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.sync.persistence.DetectionRuleRow;
import dev.vigil.sync.service.SyncService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's materialized detection rules (from sync sources and push-key upserts). */
@Path("/v1/detection_rules")
@ErrorFamily(ApiFamily.SCANNER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Detection rules")
public class DetectionRulesResource {

  /** {@code sync_source_id=none}: the rules upserted by push key, which have no source. */
  static final String UPSERTED = "none";

  private final CurrentPrincipal principal;
  private final SyncService sync;

  public DetectionRulesResource(CurrentPrincipal principal, SyncService sync) {
    this.principal = principal;
    this.sync = sync;
  }

  @GET
  @Operation(
      summary =
          "List detection rules, optionally of one sync source (none: those upserted by push key)")
  @APIResponse(
      responseCode = "200",
      description = "The rules, a page at a time.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.DetectionRulePage.class)))
  public ObjectNode list(
      @QueryParam("sync_source_id") String syncSourceId,
      @QueryParam("pagination[page_size]") Integer pageSize,
      @QueryParam("pagination[page_token]") String pageToken) {
    var caller = principal.require(Scopes.READ, Scopes.SYNC);
    int size = Params.pageSize(pageSize);
    UUID after = Params.optionalUuid(pageToken, "pagination[page_token]");
    List<DetectionRuleRow> rows;
    if (UPSERTED.equals(syncSourceId)) {
      rows = sync.upsertedRules(caller.tenantId(), after, size + 1);
    } else {
      UUID source = syncSourceId == null ? null : Params.id(syncSourceId, "Sync source");
      rows = sync.rules(caller.tenantId(), source, after, size + 1);
    }
    UUID next = rows.size() > size ? rows.get(size - 1).id() : null;
    return Views.page("detection_rules", rows.stream().limit(size).map(Views::rule).toList(), next);
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Get a detection rule")
  @APIResponse(
      responseCode = "200",
      description = "The rule.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.DetectionRuleAnswer.class)))
  public ObjectNode get(@PathParam("id") String id) {
    var caller = principal.require(Scopes.READ, Scopes.SYNC);
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.set(
        "detection_rule",
        Views.rule(sync.rule(caller.tenantId(), Params.id(id, "Detection rule"))));
    return answer;
  }
}
