package dev.vigil.gateway.proxy;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.domain.AccessDecision;
import dev.vigil.gateway.domain.ErrorBodies;
import dev.vigil.gateway.domain.ErrorBody;
import dev.vigil.gateway.domain.GatewayError;
import dev.vigil.gateway.domain.Principal;
import dev.vigil.gateway.domain.RateLimitDecision;
import dev.vigil.gateway.domain.RequestAuthorizer;
import dev.vigil.gateway.domain.Route;
import dev.vigil.gateway.domain.RouteLookup;
import dev.vigil.gateway.domain.RoutingTable;
import dev.vigil.gateway.domain.Scope;
import dev.vigil.gateway.openapi.OpenApiRoute;
import dev.vigil.gateway.security.AuthOutcome;
import dev.vigil.gateway.security.Caller;
import dev.vigil.gateway.security.InternalJwtIssuer;
import dev.vigil.gateway.security.TokenAuthenticator;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.kit.web.ExternalBaseUrls;
import dev.vigil.kit.web.RequestIds;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The front door: every request on the public port except Quarkus's own {@code /q} endpoints and
 * the API documentation ({@code /openapi}, {@code /openapi/ui}) goes through here. In order: find
 * the route (404/405/400 in the family's shape), authenticate the API token (401), check scope and
 * project binding (403/400, a foreign project is a 404), count the request against the token's rate
 * limit (429), check the declared body size (413), then either hand over to the gateway's own
 * resources or forward to the backend with an internal JWT.
 *
 * <p>Installed before Quarkus's HTTP security and global body-size check (see {@link #ORDER}),
 * which therefore only see the gateway's own resources; forwarded routes enforce their own, larger,
 * limits while streaming.
 */
@ApplicationScoped
public class GatewayFilter {

  /**
   * After the kit's request-id handler and Quarkus's CORS filter (-300), before Quarkus's HTTP
   * security (authentication -200, RESTEasy's auth-failure metrics filter -199, authorization -100)
   * and its upload limit (-2). A forwarded request needs none of those, since this filter
   * authenticates it itself, and they were about 15% of the gateway's allocation per request
   * (RESTEasy's filter builds a request mapper for every request to name its metrics template;
   * Quarkus's authentication captures the thread context for a Uni). The gateway's own resources
   * continue through them with {@code next()}.
   */
  static final int ORDER = -250;

  private static final Logger LOG = Logger.getLogger(GatewayFilter.class);

  /** RESTEasy Reactive reads a chunked body's limit from here. */
  private static final String QUARKUS_MAX_REQUEST_SIZE = "io.quarkus.max-request-size";

  /** Quarkus's HTTP metrics tag requests with this context-local template (bounded cardinality). */
  private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

  private final RoutingTable table = RoutingTable.standard();
  private final TokenAuthenticator authenticator;
  private final ProjectDirectory projects;
  private final RateLimits rateLimits;
  private final InternalJwtIssuer jwts;
  private final BackendProxy proxy;
  private final String nonApplicationRoot;
  private final URI configuredBase;
  private volatile URI ownAddress;

  public GatewayFilter(
      GatewayConfig config,
      TokenAuthenticator authenticator,
      ProjectDirectory projects,
      RateLimits rateLimits,
      InternalJwtIssuer jwts,
      BackendProxy proxy,
      @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "/q")
          String nonApplicationRoot) {
    this.configuredBase =
        config.externalBaseUrl().map(ExternalBaseUrls::validated).map(URI::create).orElse(null);
    this.authenticator = authenticator;
    this.projects = projects;
    this.rateLimits = rateLimits;
    this.jwts = jwts;
    this.proxy = proxy;
    // Configured as "q" (relative to the root path "/") or "/q"; compared as "/q".
    String root =
        nonApplicationRoot.startsWith("/") ? nonApplicationRoot : "/" + nonApplicationRoot;
    this.nonApplicationRoot = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this::handle);
  }

  void handle(RoutingContext context) {
    HttpServerRequest request = context.request();
    String path = request.path();
    if (path != null
        && (isQuarkusEndpoint(path)
            || OpenApiRoute.isDocumentationPath(path, context.normalizedPath()))) {
      // Quarkus's own endpoints, and the public API's documentation (/openapi, /openapi/ui).
      context.next();
      return;
    }
    AccessLog.begin(context);
    RouteLookup lookup = table.match(request.method().name(), path);
    if (!(lookup instanceof RouteLookup.Found found)) {
      Map<String, String> headers = new LinkedHashMap<>();
      if (lookup instanceof RouteLookup.MethodNotAllowed notAllowed) {
        headers.put("Allow", ErrorBodies.allowHeader(notAllowed.allowed()));
      }
      reject(
          context,
          lookup.family(),
          ErrorBodies.forLookup(lookup, request.method().name()),
          headers);
      return;
    }
    if (!found.match().rawPath().equals(path)) {
      // A family's second base path (/exposed/v1/... for GitGuardian): continue as the canonical
      // path, so the gateway's own resources and the backends see the path they serve.
      String query = request.query();
      context.reroute(found.match().rawPath() + (query == null ? "" : "?" + query));
      return;
    }
    Route route = found.match().route();
    AccessLog.route(context, route);
    Context vertxContext = Vertx.currentContext();
    if (vertxContext != null) {
      vertxContext.putLocal(URL_PATH_TEMPLATE, route.pathTemplate());
    }
    request.pause();
    whenDone(
        authenticator.authenticate(request.headers().getAll(HttpHeaders.AUTHORIZATION)),
        outcome -> authenticated(context, route, outcome));
  }

  private void authenticated(RoutingContext context, Route route, AuthOutcome outcome) {
    ApiFamily family = route.family();
    switch (outcome) {
      case AuthOutcome.Rejected rejected -> {
        AccessLog.authFailure(context, rejected.reason().name().toLowerCase(java.util.Locale.ROOT));
        reject(context, family, ErrorBodies.unauthorized(family), Map.of());
      }
      case AuthOutcome.Unavailable unavailable ->
          reject(
              context, family, ErrorBodies.of(family, GatewayError.SERVICE_UNAVAILABLE), Map.of());
      case AuthOutcome.Authenticated(Caller caller) -> {
        if (caller.principal() instanceof Principal.TokenHolder holder) {
          AccessLog.tenant(context, holder.tenantId());
        }
        authorize(context, route, caller);
      }
    }
  }

  private void authorize(RoutingContext context, Route route, Caller caller) {
    ApiFamily family = route.family();
    AccessDecision decision =
        RequestAuthorizer.authorize(
            caller.principal(),
            route,
            Optional.ofNullable(context.request().getHeader("X-Project-Id")));
    switch (decision) {
      case AccessDecision.Denied denied -> {
        if (denied.missingScope().isPresent()) {
          Scope scope = denied.missingScope().get();
          reject(
              context,
              family,
              ErrorBodies.missingScope(family, scope),
              scopeHeaders(route, caller, scope));
        } else if (denied.reason() == AccessDecision.Denied.Reason.PROJECT_REQUIRED
            || denied.reason() == AccessDecision.Denied.Reason.INVALID_PROJECT_ID) {
          boolean missing = denied.reason() == AccessDecision.Denied.Reason.PROJECT_REQUIRED;
          reject(context, family, ErrorBodies.projectHeader(family, missing), Map.of());
        } else {
          reject(context, family, ErrorBodies.of(family, denied.error()), Map.of());
        }
      }
      case AccessDecision.Granted granted -> {
        Optional<UUID> project = granted.projectId();
        boolean headerNamedProject =
            project.isPresent()
                && caller.principal() instanceof Principal.TokenHolder holder
                && holder.projectId().isEmpty();
        if (!headerNamedProject) {
          admit(context, route, caller, project);
          return;
        }
        // A tenant-wide token chose the project: it must be one of its tenant's.
        whenDone(
            projects
                .existsInTenant(caller.holder().tenantId(), project.get())
                .handle((exists, failure) -> failure != null ? null : exists),
            exists -> {
              if (exists == null) {
                reject(
                    context,
                    family,
                    ErrorBodies.of(family, GatewayError.SERVICE_UNAVAILABLE),
                    Map.of());
              } else if (!exists) {
                reject(context, family, ErrorBodies.of(family, GatewayError.NOT_FOUND), Map.of());
              } else {
                admit(context, route, caller, project);
              }
            });
      }
    }
  }

  private void admit(RoutingContext context, Route route, Caller caller, Optional<UUID> project) {
    HttpServerRequest request = context.request();
    ApiFamily family = route.family();
    Map<String, String> rateHeaders = Map.of();
    if (caller.principal() instanceof Principal.TokenHolder holder) {
      RateLimitDecision rate =
          rateLimits.tryAcquire(holder.tenantId(), route.rateResource(), caller.plan());
      if (!rate.allowed()) {
        reject(context, family, ErrorBodies.rateLimited(family, rate), rate.headers());
        return;
      }
      if (family == ApiFamily.GITHUB) {
        rateHeaders = rate.headers();
      }
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.strip());
      } catch (NumberFormatException e) {
        declared = -1;
      }
      if (declared < 0) {
        reject(context, family, ErrorBodies.of(family, GatewayError.BAD_REQUEST), rateHeaders);
        return;
      }
      if (declared > route.bodyLimitBytes()) {
        reject(
            context,
            family,
            ErrorBodies.payloadTooLarge(family, route.bodyLimitBytes()),
            rateHeaders);
        return;
      }
    }
    URI externalBase = externalBase(request);
    if (route.backend().isGateway()) {
      context.put(Caller.CONTEXT_KEY, caller);
      context.put(ExternalBaseUrls.CONTEXT_KEY, externalBase.toString());
      context.put(QUARKUS_MAX_REQUEST_SIZE, route.bodyLimitBytes());
      rateHeaders.forEach(request.response()::putHeader);
      if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
        request.response().writeContinue();
      }
      if (request.isEnded() || !hasBody(request)) {
        context.next();
      } else if (request.version() == HttpVersion.HTTP_2) {
        // RESTEasy pauses the request it is handed, which an HTTP/2 request whose body has been
        // read refuses ("Request has already been read"): RESTEasy reads it itself, under
        // Quarkus's limit (the gateway's own routes all take 1 MiB).
        context.next();
      } else {
        readBoundedBody(context, route, rateHeaders);
      }
      return;
    }
    CharSequence authorization =
        jwts.authorizationFor(
            caller.holder(), caller.plan(), caller.tenantSlug(), route.backend(), project);
    String requestId = context.get(RequestIds.MDC_KEY);
    if (requestId == null) {
      requestId = UUID.randomUUID().toString();
    }
    String projectHeader =
        (route.projectScoped() || family == ApiFamily.SIGSENTRY) && project.isPresent()
            ? project.get().toString()
            : null;
    proxy.forward(
        request,
        route,
        new BackendProxy.Forwarding(
            authorization, requestId, projectHeader, rateHeaders, externalBase));
  }

  /**
   * The public base URL: configured, else the gateway's own address on the port the request came in
   * on. Never the request's Host header, which the client chooses.
   */
  private URI externalBase(HttpServerRequest request) {
    if (configuredBase != null) {
      return configuredBase;
    }
    URI own = ownAddress;
    int port = request.localAddress() == null ? 80 : request.localAddress().port();
    if (own == null || own.getPort() != port) {
      own = URI.create("http://localhost:" + port);
      ownAddress = own;
    }
    return own;
  }

  /**
   * Reads the body of a route the gateway serves itself, counting bytes, and hands it to the
   * resource as the routing context's body. Over the route's limit it answers the family's 413 and
   * discards the rest: RESTEasy's own limit would answer 413 with an empty body, from inside the
   * resource's deserialisation, and log that client's mistake as an ERROR.
   */
  private static void readBoundedBody(
      RoutingContext context, Route route, Map<String, String> headers) {
    HttpServerRequest request = context.request();
    long limit = route.bodyLimitBytes();
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    request.handler(
        chunk -> {
          if (refused[0]) {
            return;
          }
          if (body.length() + (long) chunk.length() > limit) {
            refused[0] = true;
            refuseTooLarge(context, route, headers);
            return;
          }
          body.appendBuffer(chunk);
        });
    request.exceptionHandler(failure -> refused[0] = true);
    request.endHandler(
        end -> {
          if (!refused[0]) {
            context.setBody(body);
            context.next();
          }
        });
    request.resume();
  }

  /** The family's 413 for a body over the route's limit; the rest of the body is discarded. */
  private static void refuseTooLarge(
      RoutingContext context, Route route, Map<String, String> headers) {
    long limit = route.bodyLimitBytes();
    LOG.infof("%s: body over %d bytes refused with 413", route.operationId(), limit);
    Map<String, String> withId = new LinkedHashMap<>(headers);
    if (route.family() == ApiFamily.GITHUB && context.get(RequestIds.MDC_KEY) != null) {
      withId.put("X-GitHub-Request-Id", context.get(RequestIds.MDC_KEY));
    }
    ErrorResponder.sendThenDiscard(
        context.request(),
        ErrorBodies.payloadTooLarge(route.family(), limit),
        withId,
        ErrorResponder.DRAIN_LIMIT * 4);
  }

  /** HTTP/1.1: a request has a body when it declares a non-zero length or a transfer coding. */
  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
        || (length != null && !length.strip().equals("0"));
  }

  private boolean isQuarkusEndpoint(String path) {
    return path.equals(nonApplicationRoot) || path.startsWith(nonApplicationRoot + "/");
  }

  private static Map<String, String> scopeHeaders(Route route, Caller caller, Scope required) {
    if (route.family() != ApiFamily.GITHUB
        || !(caller.principal() instanceof Principal.TokenHolder holder)) {
      return Map.of();
    }
    // What GitHub tells a classic token that lacks a scope.
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Accepted-OAuth-Scopes", required.value());
    headers.put("X-OAuth-Scopes", String.join(", ", holder.scopes().values()));
    return headers;
  }

  private static void reject(
      RoutingContext context, ApiFamily family, ErrorBody body, Map<String, String> headers) {
    if (family == ApiFamily.GITHUB) {
      String requestId = context.get(RequestIds.MDC_KEY);
      if (requestId != null) {
        Map<String, String> withId = new LinkedHashMap<>(headers);
        withId.put("X-GitHub-Request-Id", requestId);
        headers = withId;
      }
    }
    ErrorResponder.send(context.request(), body, headers);
  }

  /**
   * Continues with a future's result on the request's own context: at once when it is already
   * complete (the cached path), else on the context once it completes.
   */
  private static <T> void whenDone(CompletableFuture<T> future, Consumer<T> next) {
    if (future.isDone()) {
      next.accept(future.join());
      return;
    }
    Context context = Vertx.currentContext();
    future.whenComplete(
        (value, failure) -> {
          if (context == null) {
            next.accept(value);
          } else {
            context.runOnContext(v -> next.accept(value));
          }
        });
  }
}
