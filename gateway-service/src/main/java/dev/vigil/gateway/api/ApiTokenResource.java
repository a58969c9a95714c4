package dev.vigil.gateway.api;

import dev.vigil.gateway.domain.ApiToken;
import dev.vigil.gateway.domain.Scope;
import dev.vigil.gateway.domain.TokenStatus;
import dev.vigil.gateway.persistence.ApiTokenFilter;
import dev.vigil.gateway.security.Caller;
import dev.vigil.gateway.service.ApiTokenService;
import dev.vigil.gateway.service.NewApiToken;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import dev.vigil.kit.pagination.CursorPage;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * GitGuardian's API token endpoints. Scopes were checked by the gateway filter (reading needs
 * {@code api_tokens:read}, revoking or creating {@code api_tokens:write}; the token's own details
 * need any valid token).
 */
@Path("/v1/api_tokens")
@ErrorFamily(ApiFamily.GITGUARDIAN)
@PermitAll // authenticated by the gateway filter, not by Quarkus security
@Produces(MediaType.APPLICATION_JSON)
public class ApiTokenResource {

  private final ApiTokenService tokens;

  public ApiTokenResource(ApiTokenService tokens) {
    this.tokens = tokens;
  }

  @GET
  @Path("/self")
  public Uni<ApiTokenJson> self(@Context RoutingContext context) {
    Caller caller = Callers.of(context);
    return tokens.self(caller).map(t -> view(t, caller));
  }

  @DELETE
  @Path("/self")
  @APIResponse(responseCode = "204", description = "The token is revoked.")
  public Uni<Response> revokeSelf(@Context RoutingContext context) {
    Caller caller = Callers.of(context);
    UUID id = caller.holder().tokenId();
    return tokens
        .revokeSelf(caller)
        .invoke(() -> tokens.forget(id))
        .map(v -> Response.noContent().build());
  }

  @GET
  @APIResponse(
      responseCode = "200",
      description = "The tokens, a page at a time (Link header).",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = ApiTokenJson.class, type = SchemaType.ARRAY)))
  public Uni<Response> list(
      @Context RoutingContext context,
      @Context UriInfo uri,
      @QueryParam("cursor") String cursor,
      @QueryParam("per_page") String perPage,
      @QueryParam("status") String status,
      @QueryParam("member_id") String memberId,
      @QueryParam("creator_id") String creatorId,
      @QueryParam("scopes") String scopes,
      @QueryParam("search") String search,
      @QueryParam("ordering") String ordering) {
    Caller caller = Callers.of(context);
    ApiTokenFilter filter =
        new ApiTokenFilter(
            parseStatus(status),
            parseId("member_id", memberId),
            parseId("creator_id", creatorId),
            parseScopes(scopes),
            Optional.ofNullable(search).filter(s -> !s.isEmpty()),
            ApiTokenFilter.Ordering.parse(ordering)
                .orElseThrow(() -> ApiException.badRequest("ordering: unknown field.")),
            Instant.now());
    Integer size = parseId("per_page", perPage).map(Long::intValue).orElse(null);
    if (perPage != null && (size == null || size < 1 || size > CursorPage.MAX_PER_PAGE)) {
      throw ApiException.badRequest(
          "per_page must be between 1 and " + CursorPage.MAX_PER_PAGE + ".");
    }
    return tokens
        .list(caller, filter, cursor, size)
        .map(
            page -> {
              Instant now = Instant.now();
              List<ApiTokenJson> body =
                  page.items().stream()
                      .map(t -> ApiTokenJson.of(t, caller.workspaceId(), now))
                      .toList();
              Response.ResponseBuilder response =
                  Response.ok(body).header("X-Per-Page", page.perPage());
              String link =
                  new CursorPage(Map.of(), page.perPage())
                      .linkHeader(uri.getRequestUri(), page.nextCursor(), page.prevCursor());
              if (link != null) {
                response.header("Link", link);
              }
              return response.build();
            });
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(
      responseCode = "201",
      description = "The new token, with its secret (shown once).",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = CreatedApiTokenJson.class)))
  public Uni<Response> create(@Context RoutingContext context, CreateApiTokenRequest request) {
    Caller caller = Callers.of(context);
    if (request == null) {
      throw ApiException.badRequest("Invalid data.");
    }
    NewApiToken wanted =
        new NewApiToken(
            request.name(),
            request.scopes(),
            ApiTokenService.parseInstant("expire_at", request.expireAt()),
            Optional.ofNullable(request.type()),
            Optional.ofNullable(request.memberId()),
            Optional.ofNullable(request.projectId()).map(ApiTokenResource::parseProject));
    return tokens
        .create(caller, wanted)
        .map(
            created ->
                Response.status(Response.Status.CREATED)
                    .entity(CreatedApiTokenJson.of(created, caller.workspaceId(), Instant.now()))
                    .build());
  }

  @GET
  @Path("/{token_id}")
  public Uni<ApiTokenJson> get(
      @Context RoutingContext context, @PathParam("token_id") String tokenId) {
    Caller caller = Callers.of(context);
    return tokens.get(caller, parseTokenId(tokenId)).map(t -> view(t, caller));
  }

  @DELETE
  @Path("/{token_id}")
  @APIResponse(responseCode = "204", description = "The token is revoked.")
  public Uni<Response> revoke(
      @Context RoutingContext context, @PathParam("token_id") String tokenId) {
    Caller caller = Callers.of(context);
    UUID id = parseTokenId(tokenId);
    return tokens
        .revoke(caller, id)
        .invoke(() -> tokens.forget(id))
        .map(v -> Response.noContent().build());
  }

  private static ApiTokenJson view(ApiToken token, Caller caller) {
    return ApiTokenJson.of(token, caller.workspaceId(), Instant.now());
  }

  // A malformed id names no token: 404, as for an unknown one.
  private static UUID parseTokenId(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("Not found.");
    }
  }

  private static UUID parseProject(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("project_id: not a UUID.");
    }
  }

  private static Optional<TokenStatus> parseStatus(String status) {
    if (status == null || status.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        TokenStatus.fromValue(status)
            .orElseThrow(
                () -> ApiException.badRequest("status: one of active, expired, revoked.")));
  }

  private static Optional<Long> parseId(String name, String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + ": a valid integer is required.");
    }
  }

  private static List<String> parseScopes(String scopes) {
    List<String> values = new ArrayList<>();
    if (scopes == null || scopes.isBlank()) {
      return values;
    }
    for (String part : scopes.split(",")) {
      String scope = part.strip();
      if (scope.isEmpty()) {
        continue;
      }
      if (Scope.fromValue(scope).isEmpty()) {
        throw ApiException.badRequest("scopes: unknown scope " + scope + ".");
      }
      values.add(scope);
    }
    return values;
  }
}
