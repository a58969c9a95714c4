package dev.vigil.gateway.api;

import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * GitGuardian's key check. The gateway filter has already answered 401 {@code {"detail":"Invalid
 * API key."}} for a bad key, so reaching this method means the key is valid.
 */
@Path("/v1/health")
@ErrorFamily(ApiFamily.GITGUARDIAN)
@PermitAll // authenticated by the gateway filter, not by Quarkus security
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

  @GET
  public DetailJson health(@Context RoutingContext context) {
    Callers.of(context);
    return new DetailJson("Valid API key.");
  }
}
