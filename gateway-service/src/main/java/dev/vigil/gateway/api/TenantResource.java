package dev.vigil.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.vigil.gateway.service.TenantAdminService;
import dev.vigil.kit.errors.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
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
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Tenants, for the bootstrap operator only (enforced by the gateway filter's route table). */
@Path("/vigil/v1/tenants")
@PermitAll // authenticated by the gateway filter, not by Quarkus security
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {

  private final TenantAdminService tenants;

  public TenantResource(TenantAdminService tenants) {
    this.tenants = tenants;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(
      responseCode = "201",
      description = "The new tenant, its owner and the owner's first token.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = VigilJson.CreatedTenantJson.class)))
  public Uni<Response> create(
      @Context RoutingContext context, VigilJson.CreateTenantRequest request) {
    Callers.of(context);
    if (request == null) {
      throw ApiException.badRequest("A JSON body is required");
    }
    return tenants
        .create(request.slug(), request.plan(), request.ownerEmail())
        .map(
            created ->
                Response.status(Response.Status.CREATED)
                    .entity(
                        new VigilJson.CreatedTenantJson(
                            VigilJson.TenantJson.of(created.tenant()),
                            VigilJson.MemberJson.of(created.owner()),
                            CreatedApiTokenJson.of(
                                created.ownerToken(),
                                created.tenant().workspaceId(),
                                Instant.now())))
                    .build());
  }

  @GET
  public Uni<List<VigilJson.TenantJson>> list(@Context RoutingContext context) {
    Callers.of(context);
    return tenants.list().map(all -> all.stream().map(VigilJson.TenantJson::of).toList());
  }

  @GET
  @Path("/{tenant_slug}")
  public Uni<VigilJson.TenantJson> get(
      @Context RoutingContext context, @PathParam("tenant_slug") String slug) {
    Callers.of(context);
    return tenants.get(slug).map(VigilJson.TenantJson::of);
  }

  @PATCH
  @Path("/{tenant_slug}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<VigilJson.TenantJson> update(
      @Context RoutingContext context,
      @PathParam("tenant_slug") String slug,
      VigilJson.UpdateTenantRequest request) {
    Callers.of(context);
    if (request == null || request.plan() == null) {
      throw ApiException.badRequest("plan is required");
    }
    return tenants.updatePlan(slug, request.plan()).map(VigilJson.TenantJson::of);
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
