package dev.vigil.secrets.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.secrets.config.PushProtectionConfig;
import dev.vigil.secrets.service.PushProtectionService;
import dev.vigil.secrets.service.PushProtectionService.Blocked;
import dev.vigil.secrets.service.PushProtectionService.PushedFile;
import dev.vigil.secrets.service.PushProtectionService.Verdict;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Push protection for git servers: {@code POST /v1/push-protection/check} answers which secrets in
 * the files of a push block it, as JSON or, for the pre-receive hook ({@code Accept: text/plain}),
 * as a first line {@code allowed}/{@code blocked} followed by guidance for the developer. {@code
 * POST /v1/push-protection/bypasses} lets one blocked secret into the repository with a reason.
 */
@Path("/v1/push-protection")
@ErrorFamily(ApiFamily.VIGIL)
@Tag(name = "Push protection")
public class PushProtectionResource {

  static final String SCAN = "scan";
  static final String BYPASS = "scan:create-incidents";

  private static final Pattern REPOSITORY =
      Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");

  private final PushProtectionService service;
  private final CurrentPrincipal principal;
  private final JsonBodies bodies;
  private final PushProtectionConfig config;

  public PushProtectionResource(
      PushProtectionService service,
      CurrentPrincipal principal,
      JsonBodies bodies,
      PushProtectionConfig config) {
    this.service = service;
    this.principal = principal;
    this.bodies = bodies;
    this.config = config;
  }

  /** The JSON answer of a check. */
  public record CheckJson(
      @JsonProperty("allowed") boolean allowed,
      @JsonProperty("repository") String repository,
      @JsonProperty("ref") String ref,
      @JsonProperty("blocked") List<BlockedJson> blocked) {}

  /** One blocked secret: its bypass handle, its pattern, and where the push has it. */
  public record BlockedJson(
      @JsonProperty("placeholder_id") String placeholderId,
      @JsonProperty("token_type") String tokenType,
      @JsonProperty("display_name") String displayName,
      @JsonProperty("locations") List<LocationJson> locations) {

    static BlockedJson of(Blocked b) {
      return new BlockedJson(
          b.placeholderId(),
          b.tokenType(),
          b.displayName(),
          b.locations().stream()
              .map(l -> new LocationJson(l.commit(), l.path(), l.line()))
              .toList());
    }
  }

  public record LocationJson(
      @JsonProperty("commit") String commit,
      @JsonProperty("path") String path,
      @JsonProperty("line") int line) {}

  public record BypassJson(
      @JsonProperty("repository") String repository,
      @JsonProperty("placeholder_id") String placeholderId,
      @JsonProperty("token_type") String tokenType,
      @JsonProperty("reason") String reason,
      @JsonProperty("incident_id") Long incidentId) {}

  @POST
  @Path("/check")
  @RolesAllowed(SCAN)
  @Consumes(MediaType.WILDCARD)
  @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  @Operation(operationId = "check-push", summary = "Which secrets in a push block it")
  @APIResponse(
      responseCode = "200",
      description =
          "The verdict: allowed, or the secrets that block the push (text/plain: the guidance a git client prints).",
      content = {
        @Content(
            mediaType = "application/json",
            schema = @Schema(implementation = CheckJson.class)),
        @Content(mediaType = "text/plain", schema = @Schema(type = SchemaType.STRING))
      })
  @RequestBody(
      required = true,
      description = "The pushed commits' added or changed files.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.PushCheckRequest.class)))
  public Response check(byte[] body, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
    JsonNode request = bodies.object(body, "The body must be a JSON object");
    String repository = repository(request);
    String ref = JsonBodies.string(request, "ref", 1024, false).orElse(null);
    List<PushedFile> files = files(request);
    Verdict verdict = service.check(principal.tenantId(), repository, ref, files);
    if (accept != null && accept.contains(MediaType.TEXT_PLAIN) && !accept.contains("json")) {
      return Response.ok(PushGuidance.text(verdict), MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8"))
          .build();
    }
    return Response.ok(
            new CheckJson(
                verdict.allowed(),
                verdict.repository(),
                verdict.ref(),
                verdict.blocked().stream().map(BlockedJson::of).toList()),
            MediaType.APPLICATION_JSON_TYPE)
        .build();
  }

  @POST
  @Path("/bypasses")
  @RolesAllowed(BYPASS)
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(operationId = "bypass-push-protection", summary = "Let one blocked secret in")
  @APIResponse(
      responseCode = "201",
      description = "The bypass; the secret's incident is opened.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = BypassJson.class)))
  @RequestBody(
      required = true,
      description = "Which blocked secret to let in, and why.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.PushBypassRequest.class)))
  public Response bypass(byte[] body) {
    JsonNode request = bodies.object(body, "The body must be a JSON object");
    String repository = repository(request);
    String placeholder = JsonBodies.required(request, "placeholder_id", 64);
    String reason = JsonBodies.required(request, "reason", 32);
    if (!PushProtectionService.REASONS.contains(reason)) {
      throw JsonBodies.invalid(
          "reason", "reason must be one of: false_positive, used_in_tests, will_fix_later");
    }
    PushProtectionService.Bypass bypass =
        service.bypass(principal.tenantId(), repository, placeholder, reason);
    return Response.status(201)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(
            new BypassJson(
                bypass.repository(),
                bypass.placeholderId(),
                bypass.tokenType(),
                bypass.reason(),
                bypass.incidentId()))
        .build();
  }

  private static String repository(JsonNode request) {
    String repository = JsonBodies.required(request, "repository", 201);
    if (!REPOSITORY.matcher(repository).matches()) {
      throw JsonBodies.invalid("repository", "repository must be owner/name");
    }
    return repository;
  }

  private List<PushedFile> files(JsonNode request) {
    JsonNode commits = request.get("commits");
    if (commits == null || !commits.isArray()) {
      throw JsonBodies.invalid("commits", "commits must be an array");
    }
    List<PushedFile> files = new ArrayList<>();
    for (JsonNode commit : commits) {
      if (!commit.isObject()) {
        throw JsonBodies.invalid("commits", "commits must be objects");
      }
      String sha = JsonBodies.string(commit, "sha", 64, false).orElse(null);
      JsonNode list = commit.get("files");
      if (list == null || !list.isArray()) {
        throw JsonBodies.invalid("files", "each commit needs a files array");
      }
      for (JsonNode file : list) {
        if (!file.isObject()) {
          throw JsonBodies.invalid("files", "files must be objects");
        }
        if (files.size() >= config.maxFiles()) {
          throw ApiException.badRequest("A check takes at most " + config.maxFiles() + " files");
        }
        String path = JsonBodies.required(file, "path", config.maxPathLength());
        String encoding = JsonBodies.string(file, "encoding", 10, false).orElse("utf-8");
        String content = JsonBodies.string(file, "content", Integer.MAX_VALUE, true).orElse("");
        String text =
            switch (encoding) {
              case "utf-8" -> {
                if (content.length() > config.maxFileSize()) {
                  throw tooLarge(path);
                }
                yield content;
              }
              case "base64" -> decode(path, content);
              default -> throw JsonBodies.invalid("encoding", "encoding must be utf-8 or base64");
            };
        if (text.indexOf('\0') < 0) { // a NUL byte: a binary file, nothing to scan
          files.add(new PushedFile(sha, path, text));
        }
      }
    }
    return files;
  }

  private String decode(String path, String base64) {
    if ((long) base64.length() * 3 / 4 > config.maxFileSize() + 3L) {
      throw tooLarge(path);
    }
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw JsonBodies.invalid("content", "content is not valid base64");
    }
    if (bytes.length > config.maxFileSize()) {
      throw tooLarge(path);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  private ApiException tooLarge(String path) {
    return ApiException.badRequest(
        "File " + path + " is larger than " + config.maxFileSize() + " bytes");
  }
}
