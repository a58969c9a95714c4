package dev.vigil.gateway.security;

import dev.vigil.gateway.service.ServiceClientService;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The client-credentials token endpoint for backends, {@code POST /oauth/token} on the management
 * interface (cluster-internal, like the JWKS). OAuth 2.0 form parameters ({@code
 * grant_type=client_credentials}, {@code audience}, {@code tenant_id}, optional {@code scope});
 * client authentication by HTTP Basic or {@code client_id}/{@code client_secret} parameters.
 */
@ApplicationScoped
public class ServiceTokenRoute {

  public static final String PATH = "/oauth/token";
  private static final Logger LOG = Logger.getLogger(ServiceTokenRoute.class);

  private final ServiceClientService clients;

  public ServiceTokenRoute(ServiceClientService clients) {
    this.clients = clients;
  }

  void register(@Observes ManagementInterface management) {
    management
        .router()
        .post(PATH)
        .handler(BodyHandler.create().setBodyLimit(16 * 1024).setHandleFileUploads(false))
        .handler(this::token);
  }

  private void token(RoutingContext context) {
    MultiMap form = context.request().formAttributes();
    if (!"client_credentials".equals(form.get("grant_type"))) {
      error(context, 400, "unsupported_grant_type", "only client_credentials is supported");
      return;
    }
    String clientId = form.get("client_id");
    String secret = form.get("client_secret");
    String basic = context.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(basic.substring(6).strip()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon > 0) {
          clientId = decoded.substring(0, colon);
          secret = decoded.substring(colon + 1);
        }
      } catch (IllegalArgumentException e) {
        error(context, 401, "invalid_client", "client authentication failed");
        return;
      }
    }
    clients
        .grant(
            clientId,
            secret,
            form.get("audience"),
            form.get("tenant_id"),
            Optional.ofNullable(form.get("scope")))
        .subscribe()
        .with(
            grant -> {
              switch (grant) {
                case ServiceClientService.Grant.Issued issued ->
                    send(
                        context,
                        200,
                        new JsonObject()
                            .put("access_token", issued.accessToken())
                            .put("token_type", "Bearer")
                            .put("expires_in", issued.expiresIn())
                            .put("scope", String.join(" ", issued.scopes())));
                case ServiceClientService.Grant.Refused refused ->
                    error(context, refused.status(), refused.error(), refused.description());
              }
            },
            failure -> {
              LOG.warnf("service token request failed: %s", failure.getClass().getSimpleName());
              error(context, 503, "temporarily_unavailable", "try again later");
            });
  }

  private static void error(RoutingContext context, int status, String error, String description) {
    if (status == 401) {
      context.response().putHeader("WWW-Authenticate", "Basic realm=\"vigil-gateway\"");
    }
    send(
        context,
        status,
        new JsonObject().put("error", error).put("error_description", description));
  }

  private static void send(RoutingContext context, int status, JsonObject body) {
    context
        .response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.encode());
  }
}
