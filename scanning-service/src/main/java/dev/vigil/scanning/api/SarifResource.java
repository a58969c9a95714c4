package dev.vigil.scanning.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.scanning.config.ScanningConfig;
import dev.vigil.scanning.domain.ApiLinks;
import dev.vigil.scanning.domain.SarifException;
import dev.vigil.scanning.domain.SarifPayload;
import dev.vigil.scanning.domain.SarifUploadRequest;
import dev.vigil.scanning.domain.Views;
import dev.vigil.scanning.service.LocalStart;
import dev.vigil.scanning.service.Refs;
import dev.vigil.scanning.service.SarifService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /repos/{owner}/{repo}/code-scanning/sarifs}: upload SARIF, get an upload's status. */
@Path("/repos/{owner}/{repo}/code-scanning/sarifs")
@ErrorFamily(ApiFamily.GITHUB)
public class SarifResource {

  private final SarifService service;
  private final CurrentPrincipal principal;
  private final ScanningConfig config;
  private final Vertx vertx;
  private final LocalStart localStart;
  private final JsonBodies bodies;

  SarifResource(
      SarifService service,
      CurrentPrincipal principal,
      ScanningConfig config,
      Vertx vertx,
      LocalStart localStart,
      JsonBodies bodies) {
    this.bodies = bodies;
    this.service = service;
    this.principal = principal;
    this.config = config;
    this.vertx = vertx;
    this.localStart = localStart;
  }

  /**
   * Answers 202 as soon as the upload is stored; processing happens from the work queue, with a
   * head start on this replica once the upload is committed ({@link LocalStart}).
   */
  @POST
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
          "commit_sha, ref and sarif (gzip, then base64); optional checkout_uri, started_at, tool_name, validate. Parsed as JSON whatever the Content-Type, as GitHub does.",
      content =
          @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
  public Uni<Response> upload(
      @PathParam("owner") String owner,
      @PathParam("repo") String repo,
      byte[] body,
      @Context UriInfo uri) {
    return accept(owner, repo, bodies.read(body), "commit_sha", uri);
  }

  /**
   * Stores an upload and answers 202 with its id and status URL. {@code commitField} names the
   * commit: {@code commit_sha} on the public endpoint, {@code commit_oid} on codeql-action's.
   */
  Uni<Response> accept(String owner, String repo, JsonNode body, String commitField, UriInfo uri) {
    ApiLinks links = links(uri);
    return service
        .repository(principal.tenantId(), owner, repo)
        .chain(
            ref -> {
              UploadBody upload = UploadBody.read(body, commitField);
              // Decoding megabytes of base64 is CPU work: off the event loop.
              return vertx
                  .executeBlocking(
                      Uni.createFrom().item(() -> compressed(upload.request().sarif())))
                  .chain(
                      gzip ->
                          service.store(
                              ref,
                              upload.request(),
                              gzip,
                              upload.analysisKey(),
                              upload.environment()))
                  .invoke(localStart::submit)
                  .map(
                      id ->
                          Response.accepted(
                                  new Views.SarifReceipt(
                                      id.toString(), links.sarif(ref.fullName(), id.toString())))
                              .type(MediaType.APPLICATION_JSON_TYPE)
                              .build());
            });
  }

  @GET
  @Path("/{sarif_id}")
  @RolesAllowed({"security_events", "security_events:read"})
  @APIResponse(
      responseCode = "200",
      description = "The upload's processing status.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = Views.SarifStatus.class)))
  public Uni<Response> status(
      @PathParam("owner") String owner,
      @PathParam("repo") String repo,
      @PathParam("sarif_id") String sarifId,
      @Context UriInfo uri) {
    return service.status(principal.tenantId(), owner, repo, sarifId, links(uri)).map(Params::json);
  }

  private byte[] compressed(String base64) {
    try {
      return SarifPayload.compressed(base64, SarifPayload.Limits.GITHUB);
    } catch (SarifException e) {
      throw Problems.from(e);
    }
  }

  private ApiLinks links(UriInfo uri) {
    return ApiLinks.of(uri.getBaseUri(), config.htmlBaseUrl().orElse(null));
  }

  /** The request body: GitHub's fields plus the two codeql-action sends for analysis sets. */
  record UploadBody(SarifUploadRequest request, String analysisKey, String environment) {

    /** Fields that hold URIs or JSON; every other text field is an identifier (255). */
    private static final Set<String> LONG_FIELDS = Set.of("checkout_uri", "environment");

    private static final int MAX_LONG_FIELD = 4096;

    static UploadBody read(JsonNode body, String commitField) {
      if (body != null && !body.isObject()) {
        throw Refs.invalid("body", "the request body must be a JSON object");
      }
      try {
        SarifUploadRequest request =
            SarifUploadRequest.of(
                string(body, commitField),
                string(body, "ref"),
                string(body, "sarif"),
                string(body, "checkout_uri"),
                string(body, "started_at"),
                string(body, "tool_name"),
                bool(body, "validate"));
        return new UploadBody(request, string(body, "analysis_key"), string(body, "environment"));
      } catch (SarifException e) {
        throw Problems.from(renamed(e, commitField));
      }
    }

    /** The request's own name for the commit field, in the error the client will read. */
    private static SarifException renamed(SarifException e, String commitField) {
      if (!"commit_sha".equals(e.field()) || "commit_sha".equals(commitField)) {
        return e;
      }
      return new SarifException(
          e.reason(), commitField, e.getMessage().replace("commit_sha", commitField));
    }

    private static String string(JsonNode body, String field) {
      JsonNode node = body == null ? null : body.get(field);
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isTextual()) {
        throw Refs.invalid(field, field + " must be a string");
      }
      String value = node.textValue();
      if (field.equals("sarif")) {
        return value; // checked by the base64 and gzip decoding
      }
      int max = LONG_FIELDS.contains(field) ? MAX_LONG_FIELD : TextParameters.MAX_QUERY_VALUE;
      if (TextParameters.hasControl(value)) {
        throw Refs.invalid(field, field + " must not contain control characters");
      }
      if (value.length() > max) {
        throw Refs.invalid(field, field + " must be at most " + max + " characters");
      }
      return value;
    }

    private static Boolean bool(JsonNode body, String field) {
      JsonNode node = body == null ? null : body.get(field);
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isBoolean()) {
        throw Refs.invalid(field, field + " must be a boolean");
      }
      return node.booleanValue();
    }
  }
}
