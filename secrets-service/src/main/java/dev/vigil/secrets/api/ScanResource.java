package dev.vigil.secrets.api;

import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.secrets.config.ScanConfig;
import dev.vigil.secrets.detect.Finding;
import dev.vigil.secrets.service.ScanQuota;
import dev.vigil.secrets.service.ScanService;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GitGuardian's stateless scan API: {@code POST /v1/scan}, {@code POST /v1/multiscan}, and what
 * clients read before scanning, {@code GET /v1/metadata} and {@code GET /v1/quotas}. Answers carry
 * {@code Content-Type: application/json} exactly, as GitGuardian's clients require; errors are
 * {@code {"detail": …}}.
 */
@Path("/v1")
@ErrorFamily(ApiFamily.GITGUARDIAN)
@Tag(name = "Scan Methods")
public class ScanResource {

  /** Exactly this string: py-gitguardian rejects any other content type, even with a charset. */
  static final String JSON = "application/json";

  static final String SCAN = "scan";

  private final ScanService scans;
  private final ScanQuota quota;
  private final ScanConfig config;
  private final CurrentPrincipal principal;
  private final ScanRequest requests;

  public ScanResource(
      ScanService scans, ScanQuota quota, ScanConfig config, CurrentPrincipal principal) {
    this.scans = scans;
    this.quota = quota;
    this.config = config;
    this.principal = principal;
    this.requests = new ScanRequest(config);
  }

  @POST
  @Path("/scan")
  @RolesAllowed(SCAN)
  @Consumes(MediaType.WILDCARD)
  @Produces(JSON)
  @Operation(operationId = "content_scan", summary = "Scan one document for secrets")
  @APIResponse(
      responseCode = "200",
      description = "The secrets found in the document.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.ScanResult.class)))
  @RequestBody(
      required = true,
      description = "GitGuardian's document: its content and optionally its file name.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.ScanDocument.class)))
  public Response scan(InputStream body, @QueryParam("all_secrets") String allSecrets)
      throws IOException {
    String document;
    try {
      document = requests.single(body);
    } catch (ScanRequest.Invalid e) {
      return badRequest(e.getMessage());
    }
    List<Finding> findings = scans.scan(principal.tenantId(), List.of(document)).get(0);
    return json(200, ScanJson.result(document, findings));
  }

  /**
   * {@code all_secrets} and {@code ignore_known_secrets} are accepted as ggshield sends them; every
   * secret is always reported and none is "known", since scans are not stored.
   */
  @POST
  @Path("/multiscan")
  @RolesAllowed(SCAN)
  @Consumes(MediaType.WILDCARD)
  @Produces(JSON)
  @Operation(operationId = "multiple_scan", summary = "Scan up to 20 documents for secrets")
  @APIResponse(
      responseCode = "200",
      description = "One result per document, in the order sent.",
      content =
          @Content(
              mediaType = "application/json",
              schema =
                  @Schema(
                      implementation = DocumentedBodies.ScanResult.class,
                      type = SchemaType.ARRAY)))
  @RequestBody(
      required = true,
      description = "Up to 20 documents (GitGuardian's document array).",
      content =
          @Content(
              mediaType = "application/json",
              schema =
                  @Schema(
                      implementation = DocumentedBodies.ScanDocument.class,
                      type = SchemaType.ARRAY)))
  public Response multiscan(InputStream body, @QueryParam("all_secrets") String allSecrets)
      throws IOException {
    List<String> documents;
    try {
      documents = requests.multiple(body);
    } catch (ScanRequest.Invalid e) {
      return badRequest(e.getMessage());
    }
    return json(200, ScanJson.results(documents, scans.scan(principal.tenantId(), documents)));
  }

  @GET
  @Path("/metadata")
  @Authenticated
  @Produces(JSON)
  @Operation(operationId = "metadata", summary = "Scan limits and preferences clients read first")
  @APIResponse(
      responseCode = "200",
      description = "The engine's version, preferences and scan limits.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.Metadata.class)))
  public Response metadata() {
    return json(
        200,
        ScanJson.write(
            g -> {
              try {
                g.writeStartObject();
                g.writeStringField("version", config.version());
                // Every preference GitGuardian reports, with a self-hosted instance's values: no
                // marketplace listing (an empty URL, still a string), no sign-up, no mail server or
                // SSO configured, no mTLS.
                g.writeObjectFieldStart("preferences");
                g.writeStringField("marketplaces__aws_product_url", "");
                g.writeBooleanField("on_premise__restrict_signup", true);
                g.writeBooleanField("on_premise__is_email_server_configured", false);
                g.writeNullField("on_premise__default_sso_config_api_id");
                g.writeNullField("on_premise__default_sso_config_force_sso");
                g.writeBooleanField("onboarding__segmentation_v1_enabled", false);
                g.writeNumberField("general__maximum_payload_size", config.maxPayloadSize());
                g.writeStringField("general__mutual_tls_mode", "disabled");
                g.writeBooleanField("general__signup_enabled", false);
                g.writeEndObject();
                g.writeObjectFieldStart("secret_scan_preferences");
                g.writeNumberField("maximum_documents_per_scan", config.maxDocumentsPerScan());
                g.writeNumberField("maximum_document_size", config.maxDocumentSize());
                g.writeEndObject();
                g.writeObjectFieldStart("remediation_messages");
                g.writeStringField("pre_commit", Remediation.PRE_COMMIT);
                g.writeStringField("pre_push", Remediation.PRE_PUSH);
                g.writeStringField("pre_receive", Remediation.PRE_RECEIVE);
                g.writeEndObject();
                g.writeEndObject();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }));
  }

  @GET
  @Path("/quotas")
  @Authenticated
  @Produces(JSON)
  @Operation(operationId = "quotas", summary = "Scan calls used and left in the rolling month")
  @APIResponse(
      responseCode = "200",
      description = "Scan calls used and left in the rolling month.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.Quotas.class)))
  public Response quotas() {
    ScanQuota.Usage usage = quota.usage(principal.tenantId());
    long limit = config.monthlyQuota();
    return json(
        200,
        ScanJson.write(
            g -> {
              try {
                g.writeStartObject();
                g.writeObjectFieldStart("content");
                g.writeNumberField("count", usage.count());
                g.writeNumberField("limit", limit);
                g.writeNumberField("remaining", Math.max(0, limit - usage.count()));
                g.writeStringField("since", usage.since().toString());
                g.writeEndObject();
                g.writeEndObject();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }));
  }

  private static Response badRequest(String message) {
    return json(400, ScanJson.detail(message));
  }

  private static Response json(int status, byte[] body) {
    return Response.status(status).entity(body).header("Content-Type", JSON).build();
  }
}
