package dev.vigil.gateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.gateway.domain.ServiceClient;
import dev.vigil.gateway.service.ServiceClientService;
import dev.vigil.kit.errors.ApiException;
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

/** Service identities, for the bootstrap operator only (enforced by the route table). */
@Path("/vigil/v1/service-clients")
@PermitAll // authenticated by the gateway filter, not by Quarkus security
@Produces(MediaType.APPLICATION_JSON)
public class ServiceClientResource {

  public record CreateRequest(
      @JsonProperty("client_id") String clientId,
      @JsonProperty("service_name") String serviceName,
      List<String> scopes) {}

  public record ClientJson(
      @JsonProperty("client_id") String clientId,
      @JsonProperty("service_name") String serviceName,
      List<String> scopes,
      @JsonProperty("created_at") Instant createdAt,
      @JsonProperty("disabled_at") Instant disabledAt) {
    static ClientJson of(ServiceClient c) {
      return new ClientJson(
          c.clientId(), c.serviceName(), c.scopes(), c.createdAt(), c.disabledAt());
    }
  }

  /** The registration answer: the secret appears here and nowhere else. */
  public record CreatedJson(
      @JsonProperty("client_id") String clientId,
      @JsonProperty("service_name") String serviceName,
      List<String> scopes,
      @JsonProperty("created_at") Instant createdAt,
      @JsonProperty("client_secret") String clientSecret) {
    @Override
    public String toString() {
      return "CreatedJson[" + clientId + "]";
    }
  }

  private final ServiceClientService clients;

  public ServiceClientResource(ServiceClientService clients) {
    this.clients = clients;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(
      responseCode = "201",
      description = "The new service client, with its secret (shown once).",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = CreatedJson.class)))
  public Uni<Response> create(@Context RoutingContext context, CreateRequest request) {
    Callers.of(context);
    if (request == null) {
      throw ApiException.badRequest("A JSON body is required");
    }
    return clients
        .create(request.clientId(), request.serviceName(), request.scopes())
        .map(
            created ->
                Response.status(Response.Status.CREATED)
                    .entity(
                        new CreatedJson(
                            created.client().clientId(),
                            created.client().serviceName(),
                            created.client().scopes(),
                            created.client().createdAt(),
                            created.secret()))
                    .build());
  }

  @GET
  public Uni<List<ClientJson>> list(@Context RoutingContext context) {
    Callers.of(context);
    return clients.list().map(all -> all.stream().map(ClientJson::of).toList());
  }

  @DELETE
  @Path("/{client_id}")
  @APIResponse(responseCode = "204", description = "The client is disabled.")
  public Uni<Response> disable(
      @Context RoutingContext context, @PathParam("client_id") String clientId) {
    Callers.of(context);
    return clients.disable(clientId).map(v -> Response.noContent().build());
  }

  @ServerExceptionMapper
  Response apiException(ApiException error) {
    return VigilErrors.render(error);
  }

  @ServerExceptionMapper
  Response webApplication(WebApplicationException error) {
    return VigilErrors.render(error);
  }
}
