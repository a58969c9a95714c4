package dev.vigil.scanning.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.scanning.domain.Views;
import dev.vigil.scanning.service.Refs;
import dev.vigil.scanning.service.SarifService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The two endpoints GitHub's codeql-action calls from a workflow run instead of the public upload:
 * {@code PUT …/code-scanning/analysis} (an upload whose commit is {@code commit_oid}; the action
 * then polls {@code GET …/sarifs/{id}} with the returned id) and {@code PUT
 * …/code-scanning/analysis/status} (the action's progress reports; a 403 or 404 there makes the
 * action fail before it uploads, so an accepted report must answer 2xx).
 */
@Path("/repos/{owner}/{repo}/code-scanning/analysis")
@ErrorFamily(ApiFamily.GITHUB)
public class ActionsAnalysisResource {

  private final SarifResource uploads;
  private final SarifService service;
  private final CurrentPrincipal principal;
  private final JsonBodies bodies;

  ActionsAnalysisResource(
      SarifResource uploads, SarifService service, CurrentPrincipal principal, JsonBodies bodies) {
    this.bodies = bodies;
    this.uploads = uploads;
    this.service = service;
    this.principal = principal;
  }

  /** The same upload as {@code POST …/sarifs}: same limits, same 202 body. */
  @PUT
  @Consumes(MediaType.WILDCARD)
  @RolesAllowed("security_events")
  @APIResponse(
      responseCode = "202",
      description = "The upload is stored; poll its status at url.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = Views.SarifReceipt.class)))
  @RequestBody(
      required = true,
      description =
          "codeql-action's upload: commit_oid, ref, sarif (gzip, then base64), analysis_key, environment and more.",
      content =
          @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
  public Uni<Response> upload(
      @PathParam("owner") String owner,
      @PathParam("repo") String repo,
      byte[] body,
      @Context UriInfo uri) {
    return uploads.accept(owner, repo, bodies.read(body), "commit_oid", uri);
  }

  /**
   * Accepts a status report for a known repository. Reports are the action's own telemetry; Vigil
   * keeps the upload's status itself, so a well-formed report is acknowledged and not stored.
   */
  @PUT
  @Consumes(MediaType.WILDCARD)
  @Path("/status")
  @RolesAllowed("security_events")
  @APIResponse(responseCode = "204", description = "The status report is acknowledged.")
  @RequestBody(
      required = true,
      description = "codeql-action's status report (any JSON object).",
      content =
          @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
  public Uni<Response> status(
      @PathParam("owner") String owner, @PathParam("repo") String repo, byte[] raw) {
    JsonNode body = bodies.read(raw);
    if (body == null || !body.isObject()) {
      throw Refs.invalid("body", "the status report must be a JSON object");
    }
    return service
        .repository(principal.tenantId(), owner, repo)
        .map(ref -> Response.noContent().build());
  }
}
