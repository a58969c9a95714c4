package dev.vigil.scanning.api;

import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.kit.pagination.GitHubPage;
import dev.vigil.scanning.config.ScanningConfig;
import dev.vigil.scanning.domain.ApiLinks;
import dev.vigil.scanning.domain.Views;
import dev.vigil.scanning.service.AnalysisService;
import dev.vigil.scanning.service.SarifExport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /repos/{owner}/{repo}/code-scanning/analyses}: list, get (JSON or SARIF), delete. */
@Path("/repos/{owner}/{repo}/code-scanning/analyses")
@ErrorFamily(ApiFamily.GITHUB)
public class AnalysisResource {

  private final AnalysisService service;
  private final CurrentPrincipal principal;
  private final ScanningConfig config;

  AnalysisResource(AnalysisService service, CurrentPrincipal principal, ScanningConfig config) {
    this.service = service;
    this.principal = principal;
    this.config = config;
  }

  @GET
  @RolesAllowed({"security_events", "security_events:read"})
  @APIResponse(
      responseCode = "200",
      description = "The analyses, a page at a time (Link header).",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = Views.Analysis.class, type = SchemaType.ARRAY)))
  public Uni<Response> list(
      @PathParam("owner") String owner,
      @PathParam("repo") String repo,
      @QueryParam("tool_name") String toolName,
      @QueryParam("tool_guid") String toolGuid,
      @QueryParam("ref") String ref,
      @QueryParam("pr") String pr,
      @QueryParam("sarif_id") String sarifId,
      @QueryParam("direction") String direction,
      @QueryParam("sort") String sort,
      @QueryParam("page") String page,
      @QueryParam("per_page") String perPage,
      @Context UriInfo uri) {
    GitHubPage paging = Params.page(page, perPage);
    AnalysisService.Query query =
        new AnalysisService.Query(
            Params.blankToNull(toolName),
            Params.blankToNull(toolGuid),
            ref,
            Params.integer("pr", pr),
            Params.blankToNull(sarifId),
            Params.blankToNull(direction),
            Params.blankToNull(sort),
            paging);
    return service
        .list(principal.tenantId(), owner, repo, query, links(uri))
        .map(listing -> Params.paged(listing, paging, uri));
  }

  /** JSON by default; the analysis as SARIF when the client accepts application/sarif+json. */
  @GET
  @Path("/{analysis_id}")
  @RolesAllowed({"security_events", "security_events:read"})
  @APIResponse(
      responseCode = "200",
      description = "The analysis (as SARIF with Accept: application/sarif+json).",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = Views.Analysis.class)))
  public Uni<Response> get(
      @PathParam("owner") String owner,
      @PathParam("repo") String repo,
      @PathParam("analysis_id") long id,
      @HeaderParam(HttpHeaders.ACCEPT) String accept,
      @Context UriInfo uri) {
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains(SarifExport.MEDIA_TYPE)) {
      return service
          .sarif(principal.tenantId(), owner, repo, id, links(uri))
          .map(doc -> Response.ok(doc).type(SarifExport.MEDIA_TYPE).build());
    }
    return service.get(principal.tenantId(), owner, repo, id, links(uri)).map(Params::json);
  }

  @DELETE
  @Path("/{analysis_id}")
  @RolesAllowed("security_events")
  @APIResponse(
      responseCode = "200",
      description = "The analysis is deleted; the URLs of the next one to delete.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = Views.AnalysisDeletion.class)))
  public Uni<Response> delete(
      @PathParam("owner") String owner,
      @PathParam("repo") String repo,
      @PathParam("analysis_id") long id,
      @QueryParam("confirm_delete") String confirmDelete,
      @Context UriInfo uri) {
    // GitHub's own confirm_delete_url carries the parameter without a value.
    boolean present =
        confirmDelete != null || uri.getQueryParameters().containsKey("confirm_delete");
    boolean confirm = present && !"false".equalsIgnoreCase(confirmDelete);
    return service
        .delete(principal.tenantId(), owner, repo, id, confirm, links(uri))
        .map(Params::json);
  }

  private ApiLinks links(UriInfo uri) {
    return ApiLinks.of(uri.getBaseUri(), config.htmlBaseUrl().orElse(null));
  }
}
