package dev.vigil.repoconfig.api;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorBodies;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a body larger than {@code quarkus.http.limits.max-body-size} with a 413 in SigSentry's
 * shape. Quarkus would otherwise answer such requests with an empty 413: at once when {@code
 * Content-Length} announces too much, and mid-stream when a chunked body (no length, e.g. streamed
 * through the gateway) grows past the limit.
 *
 * <p>An announced length is checked before a byte is read. A body without one is read here, up to
 * the limit, by Vert.x's body handler, which the JAX-RS layer then takes the body from; past the
 * limit the handler fails the request with 413 and the failure handler below writes the body.
 */
@ApplicationScoped
public class BodyLimit {

  private final long maxBytes;
  private final BodyHandler bodyHandler;

  public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max) {
    this.maxBytes = max.asLongValue();
    this.bodyHandler =
        BodyHandler.create(false).setBodyLimit(maxBytes).setPreallocateBodyBuffer(false);
  }

  void install(@Observes Router router) {
    router
        .route(RepoConnectionsResource.PATH + "*")
        .order(Integer.MIN_VALUE + 20)
        .handler(this::check)
        .failureHandler(this::failed);
  }

  private void check(RoutingContext context) {
    String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      if (tooLarge(length)) {
        reject(context);
        return;
      }
      context.next();
      return;
    }
    HttpMethod method = context.request().method();
    if (method == HttpMethod.POST || method == HttpMethod.PUT) {
      // No announced length (HTTP/1.1 chunked, HTTP/2): count while reading, answer in
      // SigSentry's shape past the limit.
      bodyHandler.handle(context);
      return;
    }
    context.next();
  }

  private void failed(RoutingContext context) {
    if (context.statusCode() == 413 && !context.response().headWritten()) {
      reject(context);
      return;
    }
    context.next();
  }

  private void reject(RoutingContext context) {
    ApiException error =
        new ApiException(
            413, "PAYLOAD_TOO_LARGE", "Request body too large (limit " + maxBytes / 1024 + " KiB)");
    context
        .response()
        .setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(Json.encode(ErrorBodies.body(ApiFamily.SIGSENTRY, error)));
  }

  private boolean tooLarge(String contentLength) {
    try {
      return Long.parseLong(contentLength.strip()) > maxBytes;
    } catch (NumberFormatException e) {
      return false; // Vert.x rejects a malformed Content-Length itself
    }
  }
}
