package dev.vigil.repoconfig.api;

import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.errors.ErrorBodies;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a body announced larger than {@code quarkus.http.limits.max-body-size} with a 413 in
 * SigSentry's shape before reading it. (Quarkus would otherwise answer such requests, and chunked
 * bodies that grow past the limit, with an empty 413.)
 */
@ApplicationScoped
public class BodyLimit {

  private final long maxBytes;

  public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max) {
    this.maxBytes = max.asLongValue();
  }

  void install(@Observes Router router) {
    router
        .route(RepoConnectionsResource.PATH + "*")
        .order(Integer.MIN_VALUE + 20)
        .handler(
            context -> {
              String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
              if (length != null && tooLarge(length)) {
                ApiException error =
                    new ApiException(
                        413,
                        "PAYLOAD_TOO_LARGE",
                        "Request body too large (limit " + maxBytes / 1024 + " KiB)");
                context
                    .response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(Json.encode(ErrorBodies.body(ApiFamily.SIGSENTRY, error)));
                return;
              }
              context.next();
            });
  }

  private boolean tooLarge(String contentLength) {
    try {
      return Long.parseLong(contentLength.strip()) > maxBytes;
    } catch (NumberFormatException e) {
      return false; // Vert.x rejects a malformed Content-Length itself
    }
  }
}
