package dev.vigil.gateway.api;

import dev.vigil.gateway.security.Caller;
import dev.vigil.kit.errors.ApiException;
import io.vertx.ext.web.RoutingContext;

/** The caller the gateway filter authenticated for this request. */
final class Callers {

  private Callers() {}

  static Caller of(RoutingContext context) {
    Caller caller = context == null ? null : context.get(Caller.CONTEXT_KEY);
    if (caller == null) {
      // Only reachable if a resource were served without the filter: fail closed.
      throw ApiException.unauthorized("Invalid API key.");
    }
    return caller;
  }
}
