package dev.vigil.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.vigil.gateway.service.MemberService;
import dev.vigil.kit.errors.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A tenant's members ({@code members:read} / {@code members:write}, checked by the filter). */
@Path("/vigil/v1/members")
@PermitAll // authenticated by the gateway filter, not by Quarkus security
@Produces(MediaType.APPLICATION_JSON)
public class MemberResource {

  private final MemberService members;

  public MemberResource(MemberService members) {
    this.members = members;
  }

  @GET
  public Uni<List<VigilJson.MemberJson>> list(@Context RoutingContext context) {
    return members
        .list(Callers.of(context))
        .map(all -> all.stream().map(VigilJson.MemberJson::of).toList());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(
      responseCode = "201",
      description = "The new member.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = VigilJson.MemberJson.class)))
  public Uni<Response> create(
      @Context RoutingContext context, VigilJson.CreateMemberRequest request) {
    if (request == null) {
      throw ApiException.badRequest("A JSON body is required");
    }
    return members
        .create(Callers.of(context), request.email(), request.role())
        .map(
            m ->
                Response.status(Response.Status.CREATED)
                    .entity(VigilJson.MemberJson.of(m))
                    .build());
  }

  @GET
  @Path("/{member_id}")
  public Uni<VigilJson.MemberJson> get(
      @Context RoutingContext context, @PathParam("member_id") String id) {
    return members.get(Callers.of(context), parse(id)).map(VigilJson.MemberJson::of);
  }

  @PATCH
  @Path("/{member_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<VigilJson.MemberJson> update(
      @Context RoutingContext context,
      @PathParam("member_id") String id,
      VigilJson.UpdateMemberRequest request) {
    return members
        .changeRole(Callers.of(context), parse(id), request == null ? null : request.role())
        .invoke(members::forgetTokens)
        .map(VigilJson.MemberJson::of);
  }

  @DELETE
  @Path("/{member_id}")
  @APIResponse(responseCode = "204", description = "The member is removed.")
  public Uni<Response> delete(@Context RoutingContext context, @PathParam("member_id") String id) {
    return members.delete(Callers.of(context), parse(id)).map(v -> Response.noContent().build());
  }

  private static long parse(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw ApiException.notFound("Not found");
    }
  }

  @ServerExceptionMapper
  Response apiException(ApiException error) {
    return VigilErrors.render(error);
  }

  @ServerExceptionMapper
  Response webApplication(WebApplicationException error) {
    return VigilErrors.render(error);
  }

  @ServerExceptionMapper
  Response unreadableBody(JsonProcessingException error) {
    return VigilErrors.render(error);
  }

  @ServerExceptionMapper
  Response mistypedBody(MismatchedInputException error) {
    return VigilErrors.render(error);
  }
}
