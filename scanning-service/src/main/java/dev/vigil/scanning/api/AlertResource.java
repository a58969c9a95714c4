package dev.vigil.scanning.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.kit.errors.FieldViolation;
import dev.vigil.kit.pagination.GitHubPage;
import dev.vigil.scanning.config.ScanningConfig;
import dev.vigil.scanning.domain.ApiLinks;
import dev.vigil.scanning.domain.Views;
import dev.vigil.scanning.service.AlertService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /repos/{owner}/{repo}/code-scanning/alerts}: list, get, update, instances. */
@Path("/repos/{owner}/{repo}/code-scanning/alerts")
@ErrorFamily(ApiFamily.GITHUB)
public class AlertResource {

  /** GitHub's dismissal reasons (the contract also lists "mitigated"). */
  static final Set<String> REASONS =
      Set.of("false positive", "won't fix", "used in tests", "mitigated");

  static final int MAX_COMMENT = 280;

  private final AlertService service;
  private final CurrentPrincipal principal;
  private final ScanningConfig config;
  private final JsonBodies bodies;

  AlertResource(
      AlertService service, CurrentPrincipal principal, ScanningConfig config, JsonBodies bodies) {
    this.bodies = bodies;
    this.service = service;
    this.principal = principal;
    this.config = config;
  }

  @GET
  @RolesAllowed({"security_events", "security_events:read"})
  @APIResponse(
      responseCode = "200",
      description = "The alerts, a page at a time (Link header).",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = Views.Alert.class, type = SchemaType.ARRAY)))
  public Uni<Response> list(
      @PathParam("owner") String owner,
      @PathParam("repo") String repo,
      @QueryParam("tool_name") String toolName,
      @QueryParam("tool_guid") String toolGuid,
      @QueryParam("ref") String ref,
      @QueryParam("pr") String pr,
      @QueryParam("state") String state,
      @QueryParam("severity") String severity,
      @QueryParam("sort") String sort,
      @QueryParam("direction") String direction,
      @QueryParam("page") String page,
      @QueryParam("per_page") String perPage,
      @Context UriInfo uri) {
    GitHubPage paging = Params.page(page, perPage);
    AlertService.Query query =
        new AlertService.Query(
            Params.blankToNull(toolName),
            Params.blankToNull(toolGuid),
            ref,
            Params.integer("pr", pr),
            Params.blankToNull(state),
            Params.blankToNull(severity),
            Params.blankToNull(sort),
            Params.blankToNull(direction),
            paging);
    return service
        .list(principal.tenantId(), owner, repo, query, links(uri))
        .map(listing -> Params.paged(listing, paging, uri));
  }

  @GET
  @Path("/{alert_number}")
  @RolesAllowed({"security_events", "security_events:read"})
  @APIResponse(
      responseCode = "200",
      description = "The alert.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = Views.Alert.class)))
  public Uni<Response> get(
      @PathParam("owner") String owner,
      @PathParam("repo") String repo,
      @PathParam("alert_number") long number,
      @Context UriInfo uri) {
    return service.get(principal.tenantId(), owner, repo, number, links(uri)).map(Params::json);
  }

  @PATCH
  @Consumes(MediaType.WILDCARD)
  @Path("/{alert_number}")
  @RolesAllowed("security_events")
  @APIResponse(
      responseCode = "200",
      description = "The alert as updated.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = Views.Alert.class)))
  @RequestBody(
      required = true,
      description =
          "state (open or dismissed); dismissed_reason and dismissed_comment when dismissing.",
      content =
          @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
  public Uni<Response> update(
      @PathParam("owner") String owner,
      @PathParam("repo") String repo,
      @PathParam("alert_number") long number,
      byte[] body,
      @Context UriInfo uri) {
    AlertService.Update update = readUpdate(bodies.read(body));
    return service
        .update(principal.get(), owner, repo, number, update, links(uri))
        .map(Params::json);
  }

  @GET
  @Path("/{alert_number}/instances")
  @RolesAllowed({"security_events", "security_events:read"})
  @APIResponse(
      responseCode = "200",
      description = "The alert's instances, a page at a time (Link header).",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = Views.Instance.class, type = SchemaType.ARRAY)))
  public Uni<Response> instances(
      @PathParam("owner") String owner,
      @PathParam("repo") String repo,
      @PathParam("alert_number") long number,
      @QueryParam("ref") String ref,
      @QueryParam("pr") String pr,
      @QueryParam("page") String page,
      @QueryParam("per_page") String perPage,
      @Context UriInfo uri) {
    GitHubPage paging = Params.page(page, perPage);
    return service
        .instances(principal.tenantId(), owner, repo, number, ref, Params.integer("pr", pr), paging)
        .map(list -> Params.paged(list, paging, uri));
  }

  /** The PATCH body checked against GitHub's schema for it (422 when it does not match). */
  static AlertService.Update readUpdate(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw invalid("body", "missing_field", "state is required");
    }
    JsonNode state = body.get("state");
    if (state == null || state.isNull()) {
      if (body.has("assignees")) {
        return new AlertService.Update(null, null, null);
      }
      throw invalid("state", "missing_field", "state is required");
    }
    if (!state.isTextual() || !Set.of("open", "dismissed").contains(state.textValue())) {
      throw invalid("state", "invalid", "state must be open or dismissed");
    }
    String reason = optionalText(body, "dismissed_reason");
    if (reason != null && !REASONS.contains(reason)) {
      throw invalid(
          "dismissed_reason",
          "invalid",
          "dismissed_reason must be one of false positive, won't fix, used in tests, mitigated");
    }
    String comment = optionalText(body, "dismissed_comment");
    if (comment != null
        && comment.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
      throw invalid(
          "dismissed_comment", "invalid", "dismissed_comment must not contain control characters");
    }
    if (comment != null && comment.codePointCount(0, comment.length()) > MAX_COMMENT) {
      throw invalid(
          "dismissed_comment",
          "invalid",
          "dismissed_comment must be at most " + MAX_COMMENT + " characters");
    }
    return new AlertService.Update(state.textValue(), reason, comment);
  }

  private static String optionalText(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw invalid(field, "invalid", field + " must be a string");
    }
    return node.textValue();
  }

  private static ApiException invalid(String field, String code, String message) {
    return ApiException.unprocessable(
        "Validation Failed", List.of(new FieldViolation(field, code, message)));
  }

  private ApiLinks links(UriInfo uri) {
    return ApiLinks.of(uri.getBaseUri(), config.htmlBaseUrl().orElse(null));
  }
}
