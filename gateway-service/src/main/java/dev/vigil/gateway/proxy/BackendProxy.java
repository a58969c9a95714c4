package dev.vigil.gateway.proxy;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.domain.ErrorBodies;
import dev.vigil.gateway.domain.GatewayError;
import dev.vigil.gateway.domain.Route;
import dev.vigil.kit.errors.ApiFamily;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Forwards one request to its backend and relays the answer, streaming both bodies with
 * back-pressure: a chunk is read from one side only when the other can take it, so an upload of any
 * size occupies a few buffers of memory, never the whole body.
 *
 * <p>Guards: the route's body limit counted on the fly (413), the route's timeout from the end of
 * the upload to the backend's response headers (504), and the same timeout between chunks of the
 * response body (connection cut); a backend that cannot be reached or fails before answering is a
 * 502. The caller's credential and hop-by-hop headers never reach the backend.
 */
@Singleton
public class BackendProxy {

  private static final Logger LOG = Logger.getLogger(BackendProxy.class);

  /**
   * What the gateway adds to a forwarded request: {@code authorization} is the internal JWT's
   * header value ({@code Bearer <jwt>}). {@code externalBase} ({@code scheme://host[:port]})
   * becomes {@code X-Forwarded-Proto}/{@code -Host}, from which the backend builds absolute URLs.
   */
  public record Forwarding(
      CharSequence authorization,
      String requestId,
      String projectId,
      Map<String, String> responseHeaders,
      URI externalBase) {}

  private final Vertx vertx;
  private final Backends backends;
  private final Map<String, Duration> timeoutOverrides;
  private final HttpClient client;

  public BackendProxy(Vertx vertx, Backends backends, GatewayConfig config) {
    this.vertx = vertx;
    this.backends = backends;
    this.timeoutOverrides = Map.copyOf(config.proxy().timeoutOverrides());
    HttpClientOptions options =
        new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_1_1)
            .setKeepAlive(true)
            .setKeepAliveTimeout(60)
            .setTcpNoDelay(true)
            .setTryUseCompression(false)
            .setDecompressionSupported(false)
            .setConnectTimeout((int) config.proxy().connectTimeout().toMillis())
            .setName("vigil-gateway-proxy");
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(config.proxy().maxConnectionsPerBackend());
    this.client = vertx.createHttpClient(options, pool);
  }

  void onStop(@Observes ShutdownEvent event) {
    client.close();
  }

  /** The route's timeout, unless {@code vigil.gateway.proxy.timeout-overrides} names it. */
  Duration timeoutFor(Route route) {
    return timeoutOverrides.getOrDefault(route.operationId(), route.timeout());
  }

  public void forward(HttpServerRequest in, Route route, Forwarding forwarding) {
    new Exchange(in, route, forwarding).start();
  }

  /** State of one forwarded request; all callbacks run on the request's event loop. */
  private final class Exchange {
    private final HttpServerRequest in;
    private final HttpServerResponse out;
    private final Route route;
    private final Forwarding forwarding;
    private final long timeoutMillis;
    private HttpClientRequest backendRequest;
    private long bytesUp;

    /**
     * One timer per exchange (setting and cancelling a Vert.x timer is a measurable share of a
     * forwarded request's CPU): the deadline for the response headers, which once the response has
     * started checks instead how long the response body has been idle.
     */
    private long timer = -1;

    private long lastResponseActivity;
    private boolean timedOut;
    private boolean failed;
    private boolean responseStarted;

    Exchange(HttpServerRequest in, Route route, Forwarding forwarding) {
      this.in = in;
      this.out = in.response();
      this.route = route;
      this.forwarding = forwarding;
      this.timeoutMillis = timeoutFor(route).toMillis();
    }

    void start() {
      Backends.Address address = backends.address(route.backend());
      String query = in.query();
      RequestOptions options =
          new RequestOptions()
              .setMethod(in.method())
              .setHost(address.host())
              .setPort(address.port())
              .setSsl(address.ssl())
              .setURI(address.basePath() + in.path() + (query == null ? "" : "?" + query))
              .setFollowRedirects(false)
              .setHeaders(requestHeaders());
      out.closeHandler(v -> abortBackend());
      client
          .request(options)
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  fail(GatewayError.BAD_GATEWAY, ar.cause());
                  return;
                }
                backendRequest = ar.result();
                if (out.closed()) {
                  backendRequest.reset();
                  return;
                }
                backendRequest
                    .response()
                    .onComplete(
                        r -> {
                          if (r.succeeded()) {
                            relay(r.result());
                          } else {
                            fail(
                                timedOut ? GatewayError.GATEWAY_TIMEOUT : GatewayError.BAD_GATEWAY,
                                r.cause());
                          }
                        });
                backendRequest.exceptionHandler(e -> {});
                streamBody();
              });
    }

    private MultiMap requestHeaders() {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      Headers.copyRequestHeaders(in.headers(), headers);
      headers.set(HttpHeaders.AUTHORIZATION, forwarding.authorization());
      headers.set("X-Request-Id", forwarding.requestId());
      if (route.family() == ApiFamily.GITHUB) {
        headers.set("X-GitHub-Request-Id", forwarding.requestId());
      }
      if (forwarding.projectId() != null) {
        headers.set("X-Project-Id", forwarding.projectId());
      }
      if (in.remoteAddress() != null) {
        headers.set("X-Forwarded-For", in.remoteAddress().hostAddress());
      }
      // The public base URL, never the client's Host: backends build url/html_url/Link from it.
      headers.set("X-Forwarded-Host", forwarding.externalBase().getRawAuthority());
      headers.set("X-Forwarded-Proto", forwarding.externalBase().getScheme());
      String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (length != null) {
        headers.set(HttpHeaders.CONTENT_LENGTH, length);
      }
      return headers;
    }

    private void streamBody() {
      String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
      boolean bodyFollows =
          length == null
              && (in.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                  || in.version() == HttpVersion.HTTP_2 && hasBody(in.method()));
      if (bodyFollows) {
        backendRequest.setChunked(true);
      }
      long limit = route.bodyLimitBytes();
      in.handler(
          chunk -> {
            if (failed) {
              return;
            }
            bytesUp += chunk.length();
            if (bytesUp > limit) {
              tooLarge();
              return;
            }
            backendRequest.write(chunk);
            if (backendRequest.writeQueueFull()) {
              in.pause();
              backendRequest.drainHandler(v -> in.resume());
            }
          });
      in.exceptionHandler(e -> abortBackend());
      in.endHandler(
          v -> {
            if (failed) {
              return;
            }
            backendRequest.end();
            if (!responseStarted) {
              timer = vertx.setTimer(timeoutMillis, id -> onTimer());
            }
          });
      // 100-continue was the gateway's to answer: the backend never saw the Expect header.
      if ("100-continue".equalsIgnoreCase(in.getHeader(HttpHeaders.EXPECT))) {
        out.writeContinue();
      }
      in.resume();
    }

    private void relay(HttpClientResponse response) {
      if (failed || out.closed()) {
        cancelTimer();
        response.request().reset();
        return;
      }
      responseStarted = true;
      out.setStatusCode(response.statusCode());
      if (response.statusMessage() != null) {
        out.setStatusMessage(response.statusMessage());
      }
      Headers.copyResponseHeaders(response.headers(), out.headers());
      forwarding.responseHeaders().forEach(out::putHeader);
      if (route.family() == ApiFamily.GITHUB) {
        out.putHeader("X-GitHub-Request-Id", forwarding.requestId());
      }
      String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
      int status = response.statusCode();
      boolean bodiless = in.method() == HttpMethod.HEAD || status == 204 || status == 304;
      if (length != null) {
        out.putHeader(HttpHeaders.CONTENT_LENGTH, length);
      } else if (!bodiless) {
        out.setChunked(true);
      }
      lastResponseActivity = System.nanoTime();
      if (timer < 0) {
        timer = vertx.setTimer(timeoutMillis, id -> onTimer());
      }
      response.handler(
          chunk -> {
            lastResponseActivity = System.nanoTime();
            out.write(chunk);
            if (out.writeQueueFull()) {
              response.pause();
              out.drainHandler(v -> response.resume());
            }
          });
      response.exceptionHandler(
          e -> {
            cancelTimer();
            LOG.debugf("backend response of %s failed mid-body: %s", route.operationId(), e);
            in.connection().close();
          });
      response.endHandler(
          v -> {
            cancelTimer();
            out.end();
            // A backend may answer before it read the whole upload; stop reading it.
            if (!in.isEnded()) {
              in.connection().close();
            }
          });
    }

    /** Before the response: the backend took too long (504). After: the body's idle check. */
    private void onTimer() {
      timer = -1;
      if (failed || out.ended() || out.closed()) {
        return;
      }
      if (!responseStarted) {
        timedOut = true;
        fail(GatewayError.GATEWAY_TIMEOUT, null);
        return;
      }
      long idle = (System.nanoTime() - lastResponseActivity) / 1_000_000;
      if (idle >= timeoutMillis) {
        LOG.warnf("backend of %s stalled mid-response; closing", route.operationId());
        backendRequest.reset();
        in.connection().close();
      } else {
        timer = vertx.setTimer(timeoutMillis - idle, id -> onTimer());
      }
    }

    private void tooLarge() {
      failed = true;
      abortBackend();
      ErrorResponder.sendThenDiscard(
          in,
          ErrorBodies.payloadTooLarge(route.family(), route.bodyLimitBytes()),
          errorHeaders(),
          ErrorResponder.DRAIN_LIMIT * 4);
    }

    private void fail(GatewayError error, Throwable cause) {
      if (failed) {
        return;
      }
      failed = true;
      abortBackend();
      if (cause != null) {
        LOG.warnf(
            "%s to %s failed: %s",
            route.operationId(), route.backend().serviceName(), cause.toString());
      } else {
        LOG.warnf(
            "%s to %s timed out after %d ms",
            route.operationId(), route.backend().serviceName(), timeoutMillis);
      }
      if (responseStarted) {
        in.connection().close();
        return;
      }
      if (bytesUp > 0 && !in.isEnded()) {
        ErrorResponder.sendThenDiscard(
            in, ErrorBodies.of(route.family(), error), errorHeaders(), ErrorResponder.DRAIN_LIMIT);
      } else {
        ErrorResponder.send(in, ErrorBodies.of(route.family(), error), errorHeaders());
      }
    }

    private Map<String, String> errorHeaders() {
      if (route.family() != ApiFamily.GITHUB) {
        return forwarding.responseHeaders();
      }
      Map<String, String> headers = new java.util.LinkedHashMap<>(forwarding.responseHeaders());
      headers.put("X-GitHub-Request-Id", forwarding.requestId());
      return headers;
    }

    private void abortBackend() {
      cancelTimer();
      if (backendRequest != null) {
        backendRequest.reset();
      }
    }

    private void cancelTimer() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }

  private static boolean hasBody(HttpMethod method) {
    return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
  }
}
