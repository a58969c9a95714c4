package dev.vigil.secrets.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.kit.repos.RepositoryLookup;
import dev.vigil.secrets.config.RepositoryScanConfig;
import dev.vigil.secrets.persistence.RepositoryScanStore.ScanRow;
import dev.vigil.secrets.service.RepositoryScans;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Vigil's own endpoint for an on-demand secret scan of a connected repository's default branch:
 * {@code POST /v1/secret-scans} queues it (202), {@code GET /v1/secret-scans/{id}} follows it. It
 * lives beside GitGuardian's incidents and answers as they do ({@code application/json}, errors
 * {@code {"detail": ...}}), also for requests refused before they reach a resource.
 */
@Path("/v1/secret-scans")
@ErrorFamily(ApiFamily.GITGUARDIAN)
@Tag(name = "Secret Scans")
public class SecretScanResource {

  static final String JSON = "application/json";
  private static final Pattern FULL_NAME =
      Pattern.compile("[A-Za-z0-9_.-]{1,100}(/[A-Za-z0-9_.-]{1,100}){1,5}");

  private final RepositoryScans scans;
  private final RepositoryLookup lookup;
  private final RepositoryScanConfig config;
  private final CurrentPrincipal principal;

  public SecretScanResource(
      RepositoryScans scans,
      RepositoryLookup lookup,
      RepositoryScanConfig config,
      CurrentPrincipal principal) {
    this.scans = scans;
    this.lookup = lookup;
    this.config = config;
    this.principal = principal;
  }

  @POST
  @RolesAllowed(IncidentResource.WRITE)
  @Consumes(MediaType.WILDCARD)
  @Operation(operationId = "create-secret-scan", summary = "Scan a connected repository")
  @APIResponse(
      responseCode = "202",
      description = "The scan is queued; follow it at GET /v1/secret-scans/{scan_id}.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.SecretScan.class)))
  @RequestBody(
      required = true,
      description = "The connected repository to scan.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.SecretScanRequest.class)))
  public Response create(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("The body must be a JSON object with a repository.");
    }
    JsonNode given = body.get("repository");
    if (given == null
        || !given.isTextual()
        || !FULL_NAME.matcher(given.textValue()).matches()
        || given.textValue().matches("(.*/)?\\.{1,2}(/.*)?")) {
      throw ApiException.badRequest("repository must be the full name of a connected repository.");
    }
    if (!config.enabled()) {
      throw ApiException.conflict("Repository secret scans are turned off.");
    }
    UUID tenant = principal.tenantId();
    List<RepoEvent> connected =
        lookup.connected(tenant, given.textValue()).await().atMost(Duration.ofSeconds(30));
    RepoEvent repository =
        connected.stream()
            .filter(r -> r.defaultBranch() != null && !r.defaultBranch().isBlank())
            .findFirst()
            .orElseThrow(() -> ApiException.notFound("Repository not connected."));
    long id =
        scans.queue(
            tenant,
            "request:" + UUID.randomUUID(),
            repository.connectionId(),
            repository.platform().name().toLowerCase(Locale.ROOT),
            repository.fullName(),
            repository.defaultBranch());
    ScanRow scan = scans.find(tenant, id).orElseThrow();
    return Response.status(Response.Status.ACCEPTED).entity(json(scan)).type(JSON).build();
  }

  @GET
  @Path("/{scan_id}")
  @RolesAllowed(IncidentResource.READ)
  @Operation(operationId = "get-secret-scan", summary = "A repository secret scan")
  @APIResponse(
      responseCode = "200",
      description = "The scan and its progress.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.SecretScan.class)))
  public Response get(@PathParam("scan_id") String scanId) {
    long id;
    try {
      id = Long.parseLong(scanId);
    } catch (NumberFormatException e) {
      throw ApiException.notFound("Not found.");
    }
    ScanRow scan =
        scans.find(principal.tenantId(), id).orElseThrow(() -> ApiException.notFound("Not found."));
    return Response.ok(json(scan)).type(JSON).build();
  }

  private static ObjectNode json(ScanRow scan) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("id", scan.id());
    out.put("repository", scan.repository());
    out.put("ref", scan.ref());
    out.put("commit_sha", scan.commitSha());
    out.put("status", scan.status());
    out.put("files_scanned", scan.filesScanned());
    out.put("files_skipped", scan.filesSkipped());
    out.put("secrets_found", scan.secretsFound());
    out.put("error", scan.error());
    return out;
  }
}
