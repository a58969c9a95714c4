package dev.vigil.gateway.proxy;

import dev.vigil.gateway.domain.Route;
import dev.vigil.kit.web.RequestIds;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One line per request at the gateway, written when the answer is complete: method, route template
 * (never the concrete path, which may carry names), status, duration, tenant and request id, as MDC
 * fields of the JSON line. Never a token or any other header. A 401 also says why (a missing,
 * malformed, unknown, expired or revoked key), which is how an operator follows authentication
 * failures.
 */
final class AccessLog {

  static final Logger LOG = Logger.getLogger("dev.vigil.gateway.access");

  private static final String STARTED = "vigil.access.started";
  private static final String ROUTE = "vigil.access.route";
  private static final String TENANT = "vigil.access.tenant";
  private static final String AUTH_FAILURE = "vigil.access.auth-failure";

  private AccessLog() {}

  /** Starts timing the request; idempotent (a rerouted request is logged once). */
  static void begin(RoutingContext context) {
    if (context.get(STARTED) != null || !LOG.isInfoEnabled()) {
      return;
    }
    context.put(STARTED, System.nanoTime());
    context.addEndHandler(done -> write(context));
  }

  static void route(RoutingContext context, Route route) {
    context.put(ROUTE, route);
  }

  static void tenant(RoutingContext context, UUID tenantId) {
    context.put(TENANT, tenantId);
  }

  static void authFailure(RoutingContext context, String reason) {
    context.put(AUTH_FAILURE, reason);
  }

  private static void write(RoutingContext context) {
    Long started = context.get(STARTED);
    if (started == null) {
      return;
    }
    Route route = context.get(ROUTE);
    UUID tenant = context.get(TENANT);
    String failure = context.get(AUTH_FAILURE);
    String method = context.request().method().name();
    String template = route == null ? "(no route)" : route.pathTemplate();
    int status = context.response().getStatusCode();
    double millis = (System.nanoTime() - started) / 1_000_000.0;
    Map<String, Object> before = MDC.getMap();
    try {
      MDC.put("method", method);
      MDC.put("route", template);
      if (route != null) {
        MDC.put("operation", route.operationId());
      }
      MDC.put("status", Integer.toString(status));
      MDC.put("durationMs", String.format(java.util.Locale.ROOT, "%.3f", millis));
      if (tenant != null) {
        MDC.put("tenantId", tenant.toString());
      }
      String requestId = context.get(RequestIds.MDC_KEY);
      if (requestId != null) {
        MDC.put(RequestIds.MDC_KEY, requestId);
      }
      if (failure != null) {
        MDC.put("authFailure", failure);
      }
      LOG.infof(
          "%s %s %d %.1f ms%s",
          method, template, status, millis, failure == null ? "" : " (" + failure + ")");
    } finally {
      MDC.clear();
      before.forEach(MDC::put);
    }
  }
}
