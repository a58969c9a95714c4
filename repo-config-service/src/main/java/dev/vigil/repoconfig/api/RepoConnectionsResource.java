package dev.vigil.repoconfig.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.kit.auth.CurrentPrincipal;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.repoconfig.domain.ConnectionRequest;
import dev.vigil.repoconfig.domain.RequestFingerprinter;
import dev.vigil.repoconfig.domain.RequestFingerprinter.Fingerprint;
import dev.vigil.repoconfig.service.Caller;
import dev.vigil.repoconfig.service.ConnectionService;
import dev.vigil.repoconfig.service.IdempotencyClaim;
import dev.vigil.repoconfig.service.IdempotencyService;
import dev.vigil.repoconfig.service.ServiceErrors;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * SigSentry's repository connections, {@code /v1/config/repos}. Scopes: {@code config:write} for
 * changes, {@code config:read} (or write) for reads. The project comes from the gateway's JWT.
 * Errors use SigSentry's shape.
 *
 * <p>{@code Idempotency-Key} (POST and PUT): the same key with the same request within 24 hours
 * replays the first response (status and body, with {@code Idempotent-Replayed: true}); with a
 * different request it is a 422 {@code IDEMPOTENCY_KEY_REUSED}; while the first request is still
 * running a 409 {@code CONFLICT}. Keys are scoped to tenant and project; a failed request frees its
 * key.
 */
@Path(RepoConnectionsResource.PATH)
@ErrorFamily(ApiFamily.SIGSENTRY)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Code Repos")
public class RepoConnectionsResource {

  static final String PATH = "/v1/config/repos";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";
  static final String WRITE = "config:write";
  static final String READ = "config:read";
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
  private static final TypeReference<ApiResponse<ConnectionCreated>> CREATED =
      new TypeReference<>() {};
  private static final TypeReference<ApiResponse<ConnectionView>> VIEW = new TypeReference<>() {};

  private final ConnectionService connections;
  private final IdempotencyService idempotency;
  private final RequestFingerprinter fingerprinter;
  private final CurrentPrincipal principal;
  private final ObjectMapper json;

  public RepoConnectionsResource(
      ConnectionService connections,
      IdempotencyService idempotency,
      RequestFingerprinter fingerprinter,
      CurrentPrincipal principal,
      ObjectMapper json) {
    this.connections = connections;
    this.idempotency = idempotency;
    this.fingerprinter = fingerprinter;
    this.principal = principal;
    this.json = json;
  }

  @POST
  @RolesAllowed(WRITE)
  @Operation(summary = "Connect a GitHub, GitLab, or Bitbucket repository to a project")
  @APIResponse(
      responseCode = "201",
      description = "The connection (replayed as first answered for a repeated Idempotency-Key).",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.Created.class)))
  public Uni<Response> connect(
      @RequestBody(
              required = true,
              description =
                  "platform, credentials, repositories; optional serviceMappings, lookbackDays, baseUrl.",
              content =
                  @Content(
                      mediaType = "application/json",
                      schema = @Schema(implementation = ConnectionRequest.class)))
          byte[] body,
      @HeaderParam(Callers.PROJECT_HEADER) String projectHeader,
      @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
    Caller caller = Callers.resolve(principal.get(), projectHeader);
    ConnectionRequest request = ConnectionRequestParser.parse(body, false);
    return idempotently(
        caller,
        idempotencyKey,
        fingerprinter.of(caller.tenantId(), caller.projectId(), "POST", PATH, body),
        201,
        CREATED,
        claim ->
            connections.create(
                caller, request, claim, state -> ApiResponse.of(ConnectionViews.created(state))));
  }

  /**
   * Keyset pagination: {@code limit} (1–100, default 20) and the opaque {@code cursor} from the
   * previous page's {@code pagination.nextCursor}; a {@code Link: <…>; rel="next"} header too.
   */
  @GET
  @RolesAllowed({READ, WRITE})
  @Operation(summary = "List the project's repository connections")
  @APIResponse(
      responseCode = "200",
      description = "A page of the project's connections (Link header for the next).",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.Page.class)))
  public Uni<Response> list(
      @HeaderParam(Callers.PROJECT_HEADER) String projectHeader,
      @QueryParam("limit") String limitParam,
      @QueryParam("cursor") String cursorParam,
      @Context UriInfo uriInfo) {
    Caller caller = Callers.resolve(principal.get(), projectHeader);
    int limit = parseLimit(limitParam);
    ListCursor after =
        cursorParam == null || cursorParam.isEmpty() ? null : ListCursor.decode(cursorParam);
    return connections
        .list(
            caller,
            after == null ? null : after.createdAt(),
            after == null ? null : after.id(),
            limit)
        .map(
            page -> {
              List<ConnectionView> views =
                  page.items().stream().map(ConnectionViews::view).toList();
              String next = null;
              if (page.hasMore()) {
                var last = page.items().getLast().connection();
                next = new ListCursor(last.createdAt, last.id).encode();
              }
              Response.ResponseBuilder response =
                  Response.ok(ApiResponse.page(views, new PageInfo(limit, page.hasMore(), next)));
              if (next != null) {
                String link =
                    UriBuilder.fromUri(uriInfo.getRequestUri())
                        .replaceQueryParam("cursor", next)
                        .replaceQueryParam("limit", limit)
                        .build()
                        .toString();
                response.header("Link", "<" + link + ">; rel=\"next\"");
              }
              return response.build();
            });
  }

  @GET
  @Path("{id}")
  @RolesAllowed({READ, WRITE})
  @Operation(summary = "Get a repository connection")
  public Uni<ApiResponse<ConnectionView>> get(
      @PathParam("id") String id, @HeaderParam(Callers.PROJECT_HEADER) String projectHeader) {
    Caller caller = Callers.resolve(principal.get(), projectHeader);
    return connections.get(caller, id).map(state -> ApiResponse.of(ConnectionViews.view(state)));
  }

  @PUT
  @Path("{id}")
  @RolesAllowed(WRITE)
  @Operation(summary = "Replace a repository connection (omit credentials to keep them)")
  @APIResponse(
      responseCode = "200",
      description = "The connection as replaced.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = DocumentedBodies.View.class)))
  public Uni<Response> replace(
      @PathParam("id") String id,
      @RequestBody(
              required = true,
              description =
                  "The whole connection; credentials may be omitted to keep the stored ones.",
              content =
                  @Content(
                      mediaType = "application/json",
                      schema = @Schema(implementation = ConnectionRequest.class)))
          byte[] body,
      @HeaderParam(Callers.PROJECT_HEADER) String projectHeader,
      @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
    Caller caller = Callers.resolve(principal.get(), projectHeader);
    ConnectionRequest request = ConnectionRequestParser.parse(body, true);
    return idempotently(
        caller,
        idempotencyKey,
        fingerprinter.of(caller.tenantId(), caller.projectId(), "PUT", PATH + "/" + id, body),
        200,
        VIEW,
        claim ->
            connections.replace(
                caller, id, request, claim, state -> ApiResponse.of(ConnectionViews.view(state))));
  }

  @DELETE
  @Path("{id}")
  @RolesAllowed(WRITE)
  @Operation(summary = "Disconnect a repository connection")
  public Uni<ApiResponse<ConnectionDeleted>> delete(
      @PathParam("id") String id, @HeaderParam(Callers.PROJECT_HEADER) String projectHeader) {
    Caller caller = Callers.resolve(principal.get(), projectHeader);
    return connections
        .delete(caller, id)
        .replaceWith(() -> ApiResponse.of(new ConnectionDeleted(id, true)));
  }

  /**
   * Drops the cached platform metadata and fetches it again before answering. Runs on a worker
   * thread: the platform calls block.
   */
  @POST
  @Path("{id}/invalidate-cache")
  @RolesAllowed(WRITE)
  @Operation(summary = "Refetch the repositories' platform metadata")
  public ApiResponse<ConnectionView> invalidateCache(
      @PathParam("id") String id, @HeaderParam(Callers.PROJECT_HEADER) String projectHeader) {
    Caller caller = Callers.resolve(principal.get(), projectHeader);
    return ApiResponse.of(ConnectionViews.view(connections.invalidateCache(caller, id)));
  }

  // The parameter reads an empty header as absent; the raw request tells the two apart.
  @Inject CurrentVertxRequest currentRequest;

  private boolean sentHeader(String name) {
    return currentRequest.getCurrent() != null
        && currentRequest.getCurrent().request().headers().contains(name);
  }

  private <T> Uni<Response> idempotently(
      Caller caller,
      String idempotencyKey,
      Fingerprint fingerprint,
      int status,
      TypeReference<T> type,
      Function<Optional<IdempotencyClaim>, Uni<T>> work) {
    if (idempotencyKey == null && sentHeader(IDEMPOTENCY_KEY)) {
      idempotencyKey = ""; // sent empty: refused below, never taken for absent
    }
    if (idempotencyKey == null) {
      return work.apply(Optional.empty()).map(body -> Response.status(status).entity(body).build());
    }
    if (!KEY.matcher(idempotencyKey).matches()) {
      throw ServiceErrors.validation(
          IDEMPOTENCY_KEY, "must be 1-255 printable ASCII characters without spaces");
    }
    return idempotency
        .begin(caller.tenantId(), caller.projectId(), idempotencyKey, fingerprint)
        .chain(
            begin ->
                switch (begin) {
                  case IdempotencyService.Begin.Proceed proceed ->
                      work.apply(Optional.of(proceed.claim()))
                          .map(body -> Response.status(status).entity(body).build());
                  case IdempotencyService.Begin.Replay replay ->
                      Uni.createFrom().item(() -> replay(replay, type));
                });
  }

  // Read back through the same types, so the replayed body is written exactly like the original.
  private <T> Response replay(IdempotencyService.Begin.Replay replay, TypeReference<T> type) {
    try {
      return Response.status(replay.status())
          .entity(json.readValue(replay.body(), type))
          .header(REPLAYED, "true")
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored idempotent response is unreadable");
    }
  }

  private static int parseLimit(String value) {
    if (value == null || value.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ServiceErrors.validation("limit", "must be an integer between 1 and " + MAX_LIMIT);
  }
}
