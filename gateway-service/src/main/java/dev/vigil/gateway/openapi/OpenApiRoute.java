package dev.vigil.gateway.openapi;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * {@code GET /openapi}: the merged document of the public API, JSON by default, YAML with {@code
 * ?format=yaml} or an {@code Accept} naming YAML. Public, like the API's documentation anywhere: no
 * token needed, and it lists nothing a token would reveal. The browsable UI is Quarkus's Swagger UI
 * at {@code /openapi/ui} ({@code quarkus.swagger-ui.*} in application.properties).
 */
@ApplicationScoped
public class OpenApiRoute {

  /** Where the document is served; the gateway filter leaves this path and below to Quarkus. */
  public static final String PATH = "/openapi";

  private static final Logger LOG = Logger.getLogger(OpenApiRoute.class);

  private final PublicApiDocument document;

  public OpenApiRoute(PublicApiDocument document) {
    this.document = document;
  }

  void install(@Observes Router router) {
    router.route(PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::handle);
    // Read-only; no other method reaches anything.
    router
        .route(PATH)
        .handler(
            context ->
                context
                    .response()
                    .setStatusCode(405)
                    .putHeader("Allow", "GET, HEAD")
                    .putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"Method not allowed.\"}"));
  }

  /** Exactly {@code /openapi} or below it, with no dot segment or other trick in the raw path. */
  public static boolean isDocumentationPath(String rawPath, String normalizedPath) {
    return rawPath != null
        && rawPath.equals(normalizedPath)
        && (rawPath.equals(PATH) || rawPath.startsWith(PATH + "/"))
        && !rawPath.contains("%")
        && !rawPath.contains("/.");
  }

  private void handle(RoutingContext context) {
    boolean yaml = wantsYaml(context);
    document
        .get()
        .onComplete(
            done -> {
              HttpServerResponse response = context.response();
              if (response.ended() || response.closed()) {
                return;
              }
              if (done.failed()) {
                LOG.warnf("cannot build /openapi: %s", done.cause().toString());
                response
                    .setStatusCode(503)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Retry-After", "5")
                    .end("{\"error\":\"The API description is unavailable, try again shortly.\"}");
                return;
              }
              PublicApiDocument.Rendered rendered = done.result();
              byte[] body = yaml ? rendered.yaml() : rendered.json();
              response
                  .putHeader(
                      "Content-Type",
                      yaml ? "application/yaml;charset=UTF-8" : "application/json;charset=UTF-8")
                  .putHeader("Cache-Control", "no-cache")
                  .putHeader("Vary", "Accept");
              if (rendered.partial()) {
                response.putHeader("Warning", "199 - \"partial: see x-vigil-missing-services\"");
              }
              if (context.request().method() == HttpMethod.HEAD) {
                response.putHeader("Content-Length", Integer.toString(body.length)).end();
              } else {
                response.end(io.vertx.core.buffer.Buffer.buffer(body));
              }
            });
  }

  private static boolean wantsYaml(RoutingContext context) {
    String format = context.request().getParam("format");
    if (format != null) {
      String lower = format.toLowerCase(Locale.ROOT);
      return lower.equals("yaml") || lower.equals("yml");
    }
    String accept = context.request().getHeader("Accept");
    if (accept == null) {
      return false;
    }
    String lower = accept.toLowerCase(Locale.ROOT);
    int yamlAt = lower.indexOf("yaml");
    int jsonAt = lower.indexOf("json");
    return yamlAt >= 0 && (jsonAt < 0 || yamlAt < jsonAt);
  }
}
