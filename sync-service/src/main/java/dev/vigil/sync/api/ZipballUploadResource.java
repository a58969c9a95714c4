package dev.vigil.sync.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.sync.service.SyncService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code POST /v1/upload_git_repo_zipball}, what {@code scanner-cli sync-git-repo} calls: a zip of
 * the repository for the push source {@code (push_key, branch)}, synced all or nothing before the
 * answer. Failures are answered 200 with {@code failures} and zero counts, as the CLI relays them.
 */
@Path("/v1/upload_git_repo_zipball")
@ErrorFamily(ApiFamily.SCANNER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Git sync")
public class ZipballUploadResource {

  /** Largest zip accepted, in bytes (Quarkus' body limit is set just above it). */
  static final long MAX_ZIP_BYTES = 50L * 1024 * 1024;

  private final CurrentPrincipal principal;
  private final SyncService sync;

  public ZipballUploadResource(CurrentPrincipal principal, SyncService sync) {
    this.principal = principal;
    this.sync = sync;
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(summary = "Upload a repository zipball to a user-pushed sync source")
  @APIResponse(
      responseCode = "200",
      description =
          "The sync's outcome; a rule that fails its checks is listed in failures (and nothing is changed).",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.SyncResult.class)))
  @RequestBody(
      required = true,
      description = "The push source's key and branch, the commit, and the zip.",
      content =
          @Content(
              mediaType = "multipart/form-data",
              schema = @Schema(implementation = DocumentedBodies.ZipballUpload.class)))
  public ObjectNode upload(
      @RestForm("push_key") String pushKey,
      @RestForm("branch") String branch,
      @RestForm("commit_sha") String commitSha,
      @RestForm("commit_message") String commitMessage,
      @RestForm("zip") FileUpload zip) {
    var caller = principal.require(Scopes.SYNC);
    Params.required(pushKey, "push_key", 256);
    Params.required(branch, "branch", 256);
    Params.required(commitSha, "commit_sha", 256);
    if (zip == null || zip.uploadedFile() == null) {
      throw ApiException.badRequest("zip is required");
    }
    if (zip.size() > MAX_ZIP_BYTES) {
      throw ApiException.payloadTooLarge(
          "zip must be at most " + MAX_ZIP_BYTES / (1024 * 1024) + " MiB");
    }
    return Views.syncResult(
        sync.upload(
            caller.tenantId(), pushKey, branch, commitSha, commitMessage, zip.uploadedFile()));
  }
}
