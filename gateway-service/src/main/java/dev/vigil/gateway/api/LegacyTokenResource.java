package dev.vigil.gateway.api;

import dev.vigil.gateway.security.Caller;
import dev.vigil.gateway.service.ApiTokenService;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorFamily;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/token}, the token-details endpoint that preceded {@code /v1/api_tokens/self}. */
@Path("/v1/token")
@ErrorFamily(ApiFamily.GITGUARDIAN)
@PermitAll // authenticated by the gateway filter, not by Quarkus security
@Produces(MediaType.APPLICATION_JSON)
public class LegacyTokenResource {

  private final ApiTokenService tokens;

  public LegacyTokenResource(ApiTokenService tokens) {
    this.tokens = tokens;
  }

  @GET
  public Uni<LegacyTokenJson> token(@Context RoutingContext context) {
    Caller caller = Callers.of(context);
    return tokens
        .self(caller)
        .map(
            t ->
                new LegacyTokenJson(
                    t.type().value(),
                    caller.workspaceId(),
                    t.name(),
                    t.scopes().values(),
                    t.expireAt()));
  }
}
