package dev.vigil.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.vigil.gateway.service.ProjectService;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A tenant's projects ({@code projects:read} / {@code projects:write}, checked by the filter). */
@Path("/vigil/v1/projects")
@PermitAll // authenticated by the gateway filter, not by Quarkus security
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {

  private final ProjectService projects;

  public ProjectResource(ProjectService projects) {
    this.projects = projects;
  }

  @GET
  public Uni<List<VigilJson.ProjectJson>> list(@Context RoutingContext context) {
    return projects
        .list(Callers.of(context))
        .map(all -> all.stream().map(VigilJson.ProjectJson::of).toList());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(
      responseCode = "201",
      description = "The new project.",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = VigilJson.ProjectJson.class)))
  public Uni<Response> create(@Context RoutingContext context, VigilJson.ProjectRequest request) {
    return projects
        .create(Callers.of(context), request == null ? null : request.name())
        .map(
            p ->
                Response.status(Response.Status.CREATED)
                    .entity(VigilJson.ProjectJson.of(p))
                    .build());
  }

  @GET
  @Path("/{project_id}")
  public Uni<VigilJson.ProjectJson> get(
      @Context RoutingContext context, @PathParam("project_id") String id) {
    return projects.get(Callers.of(context), parse(id)).map(VigilJson.ProjectJson::of);
  }

  @PATCH
  @Path("/{project_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<VigilJson.ProjectJson> rename(
      @Context RoutingContext context,
      @PathParam("project_id") String id,
      VigilJson.ProjectRequest request) {
    return projects
        .rename(Callers.of(context), parse(id), request == null ? null : request.name())
        .map(VigilJson.ProjectJson::of);
  }

  @DELETE
  @Path("/{project_id}")
  @APIResponse(responseCode = "204", description = "The project is deleted.")
  public Uni<Response> delete(@Context RoutingContext context, @PathParam("project_id") String id) {
    return projects.delete(Callers.of(context), parse(id)).map(v -> Response.noContent().build());
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
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
