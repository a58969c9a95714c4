package dev.vigil.sync.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.sync.persistence.DetectionRuleRow;
import dev.vigil.sync.persistence.SyncSourceRow;
import dev.vigil.sync.service.SyncService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Vigil's management of sync sources: create, list, get, delete, attempts and their rules. */
@Path("/v1/sync_sources")
@ErrorFamily(ApiFamily.SCANNER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sync sources")
public class SyncSourcesResource {

  private static final Pattern REPOSITORY =
      Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
  private static final Pattern CONNECTION_ID = Pattern.compile("rc_[0-9A-Za-z]{24}");
  private static final int MAX_ATTEMPTS = 100;

  private final CurrentPrincipal principal;
  private final SyncService sync;

  public SyncSourcesResource(CurrentPrincipal principal, SyncService sync) {
    this.principal = principal;
    this.sync = sync;
  }

  /** The create body; {@code kind} picks which other fields apply. */
  public record CreateSource(
      String kind,
      @JsonProperty("push_key") String pushKey,
      String branch,
      @JsonProperty("repo_connection_id") String repoConnectionId,
      String repository,
      String directory,
      @JsonProperty("sync_config_path") String syncConfigPath) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a sync source (push or github_polled)")
  @APIResponse(
      responseCode = "201",
      description = "The sync source.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.SyncSourceAnswer.class)))
  @RequestBody(
      required = true,
      description =
          "kind push (push_key, branch) or github_polled (repo_connection_id, repository, branch, optional directory); optional sync_config_path.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = CreateSource.class)))
  public Response create(CreateSource body) {
    var caller = principal.require(Scopes.SYNC);
    if (body == null) {
      throw ApiException.badRequest("Request body is required");
    }
    String branch = Params.required(body.branch(), "branch", 256);
    String configPath = Params.bounded(body.syncConfigPath(), "sync_config_path", 1024);
    if (configPath == null || configPath.isBlank()) {
      configPath = "sync-config.yaml";
    }
    checkRelativePath(configPath, "sync_config_path");
    SyncSourceRow row;
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    if ("push".equals(body.kind())) {
      String pushKey = Params.required(body.pushKey(), "push_key", 256);
      row =
          new SyncSourceRow(
              UUID.randomUUID(),
              caller.tenantId(),
              SyncSourceRow.PUSH,
              pushKey,
              branch,
              null,
              null,
              "",
              configPath,
              null,
              null,
              now);
    } else if ("github_polled".equals(body.kind())) {
      String connection = Params.required(body.repoConnectionId(), "repo_connection_id", 64);
      if (!CONNECTION_ID.matcher(connection).matches()) {
        throw ApiException.badRequest(
            "repo_connection_id must be a repo-config connection id (rc_…)");
      }
      String repository = Params.required(body.repository(), "repository", 201);
      if (!REPOSITORY.matcher(repository).matches()) {
        throw ApiException.badRequest("repository must be owner/name");
      }
      String directory = Params.bounded(body.directory(), "directory", 1024);
      directory = directory == null ? "" : directory.strip().replaceAll("^/+|/+$", "");
      if (!directory.isEmpty()) {
        checkRelativePath(directory, "directory");
      }
      row =
          new SyncSourceRow(
              UUID.randomUUID(),
              caller.tenantId(),
              SyncSourceRow.GITHUB_POLLED,
              null,
              branch,
              connection,
              repository,
              directory,
              configPath,
              null,
              null,
              now);
    } else {
      throw ApiException.badRequest("kind must be push or github_polled");
    }
    try {
      sync.createSource(row);
    } catch (ApiException e) {
      if (e.status() == 409) {
        throw ApiException.conflict("A sync source with these keys already exists");
      }
      throw e;
    }
    ObjectNode answer = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    answer.set("sync_source", Views.source(row));
    return Response.status(201).entity(answer).build();
  }

  @GET
  @Operation(summary = "List sync sources")
  @APIResponse(
      responseCode = "200",
      description = "The sync sources, a page at a time.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.SyncSourcePage.class)))
  public ObjectNode list(
      @QueryParam("pagination[page_size]") Integer pageSize,
      @QueryParam("pagination[page_token]") String pageToken) {
    var caller = principal.require(Scopes.READ, Scopes.SYNC);
    int size = Params.pageSize(pageSize);
    List<SyncSourceRow> rows =
        sync.sources(
            caller.tenantId(), Params.optionalUuid(pageToken, "pagination[page_token]"), size + 1);
    UUID next = rows.size() > size ? rows.get(size - 1).id() : null;
    return Views.page("sync_sources", rows.stream().limit(size).map(Views::source).toList(), next);
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Get a sync source")
  @APIResponse(
      responseCode = "200",
      description = "The sync source.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.SyncSourceAnswer.class)))
  public ObjectNode get(@PathParam("id") String id) {
    var caller = principal.require(Scopes.READ, Scopes.SYNC);
    ObjectNode answer = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    answer.set(
        "sync_source", Views.source(sync.source(caller.tenantId(), Params.id(id, "Sync source"))));
    return answer;
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Delete a sync source and its detection rules")
  @APIResponse(responseCode = "204", description = "The sync source and its rules are deleted.")
  public Response delete(@PathParam("id") String id) {
    var caller = principal.require(Scopes.SYNC);
    sync.deleteSource(caller.tenantId(), Params.id(id, "Sync source"));
    return Response.noContent().build();
  }

  @GET
  @Path("/{id}/attempts")
  @Operation(summary = "A sync source's attempts, newest first (at most 100)")
  @APIResponse(
      responseCode = "200",
      description = "The attempts, newest first.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.SyncAttemptPage.class)))
  public ObjectNode attempts(@PathParam("id") String id) {
    var caller = principal.require(Scopes.READ, Scopes.SYNC);
    var rows = sync.attempts(caller.tenantId(), Params.id(id, "Sync source"), MAX_ATTEMPTS);
    return Views.page("sync_attempts", rows.stream().map(Views::attempt).toList(), null);
  }

  @GET
  @Path("/{id}/detection_rules")
  @Operation(summary = "The detection rules a sync source materialized")
  @APIResponse(
      responseCode = "200",
      description = "The source's rules, a page at a time.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.DetectionRulePage.class)))
  public ObjectNode rules(
      @PathParam("id") String id,
      @QueryParam("pagination[page_size]") Integer pageSize,
      @QueryParam("pagination[page_token]") String pageToken) {
    var caller = principal.require(Scopes.READ, Scopes.SYNC);
    int size = Params.pageSize(pageSize);
    List<DetectionRuleRow> rows =
        sync.rules(
            caller.tenantId(),
            Params.id(id, "Sync source"),
            Params.optionalUuid(pageToken, "pagination[page_token]"),
            size + 1);
    UUID next = rows.size() > size ? rows.get(size - 1).id() : null;
    return Views.page("detection_rules", rows.stream().limit(size).map(Views::rule).toList(), next);
  }

  private static void checkRelativePath(String path, String name) {
    if (path.startsWith("/") || path.contains("\\") || List.of(path.split("/")).contains("..")) {
      throw ApiException.badRequest(name + " must be a relative path inside the repository");
    }
  }
}
