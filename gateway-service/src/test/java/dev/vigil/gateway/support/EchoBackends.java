package dev.vigil.gateway.support;

import dev.vigil.contracts.identity.InternalJwt;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Four small real HTTP servers standing in for the backends, one per service name, on loopback.
 * Each verifies the gateway's internal JWT the way a backend does (RS256 against the gateway's JWKS
 * fetched over HTTP, issuer, its own audience, expiry) and answers 401 otherwise; a verified
 * request is echoed back as JSON: method, path, query, headers, JWT claims, and the body's size and
 * SHA-256 (the body is streamed through a digest, never held).
 *
 * <p>{@code GET /q/openapi} answers without a token, as on a real service, with the service's
 * fixture document from {@code src/test/resources/openapi-fixtures}.
 *
 * <p>The {@code X-Test-Behavior} header makes one misbehave: {@code hang} never answers, {@code
 * close} drops the connection, {@code slow} reads the body at a throttled pace, {@code stall} sends
 * the status and a first chunk and then nothing, {@code trickle} sends its body in three chunks 700
 * ms apart. {@code POST /__test/offline?ms=N}, sent to the backend directly, stops it listening for
 * N ms.
 */
public final class EchoBackends {

  public static final String BEHAVIOR = "X-Test-Behavior";

  /** How fast a {@code slow} backend reads a body. */
  public static final long SLOW_BYTES_PER_SECOND = 25L * 1024 * 1024;

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, HttpServer> servers = new LinkedHashMap<>();
  private final HttpsJwksVerificationKeyResolver keys;

  public EchoBackends(String jwksUrl) {
    HttpsJwks jwks = new HttpsJwks(jwksUrl);
    jwks.setDefaultCacheDuration(300);
    this.keys = new HttpsJwksVerificationKeyResolver(jwks);
  }

  /** Starts one server per service name on a free loopback port. */
  public EchoBackends start(String... services) {
    for (String service : services) {
      HttpServer server = listen(service, 0);
      ports.put(service, server.actualPort());
      servers.put(service, server);
    }
    return this;
  }

  public int port(String service) {
    return ports.get(service);
  }

  public void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  private HttpServer listen(String service, int port) {
    HttpServer server =
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port));
    server.requestHandler(request -> handle(service, request));
    return server
        .listen()
        .toCompletionStage()
        .toCompletableFuture()
        .orTimeout(10, TimeUnit.SECONDS)
        .join();
  }

  private void handle(String service, HttpServerRequest request) {
    if (request.path().equals("/__test/offline")) {
      long ms = Long.parseLong(request.getParam("ms", "2000"));
      request
          .response()
          .end("offline")
          // Let the answer reach the caller before every connection is closed.
          .onComplete(done -> vertx.setTimer(100, id -> offline(service, ms)));
      return;
    }
    if (request.path().equals("/q/openapi")) {
      openApi(service, request);
      return;
    }
    String behavior = request.getHeader(BEHAVIOR);
    if ("close".equals(behavior)) {
      request.connection().close();
      return;
    }
    if ("hang".equals(behavior)) {
      request.pause();
      return;
    }
    if ("stall".equals(behavior) || "trickle".equals(behavior)) {
      HttpServerResponse response =
          request.response().setChunked(true).putHeader("Content-Type", "application/json");
      response.write("[1");
      if ("trickle".equals(behavior)) {
        vertx.setTimer(
            700,
            first -> {
              response.write(",2");
              vertx.setTimer(700, second -> response.end(",3]"));
            });
      }
      return;
    }
    request.pause();
    String authorization = request.getHeader("Authorization");
    vertx
        .<JwtClaims>executeBlocking(() -> verify(service, authorization))
        .onComplete(
            verified -> {
              if (verified.failed()) {
                request
                    .response()
                    .setStatusCode(401)
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", verified.cause().getMessage()).encode());
                return;
              }
              if (request.path().matches("/internal/v1/projects/[^/]+/connections")) {
                noConnections(request, verified.result());
                return;
              }
              echo(service, request, verified.result(), "slow".equals(behavior));
            });
  }

  /**
   * The service's own OpenAPI document, unauthenticated as Quarkus serves it: a fixture shaped like
   * SmallRye's output, with public operations, internal ones and a few clashing component names.
   */
  private static void openApi(String service, HttpServerRequest request) {
    String resource = "/openapi-fixtures/" + service + ".json";
    byte[] document;
    try (InputStream in = EchoBackends.class.getResourceAsStream(resource)) {
      if (in == null) {
        request.response().setStatusCode(404).end();
        return;
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      request.response().setStatusCode(500).end();
      return;
    }
    request
        .response()
        .putHeader("Content-Type", "application/json;charset=UTF-8")
        .end(Buffer.buffer(document));
  }

  private JwtClaims verify(String service, String authorization) throws Exception {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      throw new IllegalArgumentException("no bearer token");
    }
    JwtConsumer consumer =
        new JwtConsumerBuilder()
            .setVerificationKeyResolver(keys)
            .setExpectedIssuer(InternalJwt.ISSUER)
            .setExpectedAudience(service)
            .setRequireExpirationTime()
            .setRequireIssuedAt()
            .setAllowedClockSkewInSeconds(5)
            .build();
    return consumer.processToClaims(authorization.substring("Bearer ".length()));
  }

  /**
   * repo-config's project connection count, asked by the gateway before it deletes a project: none
   * here (the system tests run the real repo-config for the 409); only the gateway's identity.
   */
  private static void noConnections(HttpServerRequest request, JwtClaims claims) {
    boolean gateway = "gateway-service".equals(claims.getClaimValue("service"));
    request
        .response()
        .setStatusCode(gateway ? 200 : 403)
        .putHeader("Content-Type", "application/json")
        .end(
            gateway
                ? "{\"success\":true,\"data\":{\"connections\":0}}"
                : "{\"success\":false,\"error\":{\"code\":\"FORBIDDEN\"}}");
  }

  private void echo(String service, HttpServerRequest request, JwtClaims claims, boolean slow) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long[] bytes = {0};
    long started = System.nanoTime();
    request.handler(
        chunk -> {
          bytes[0] += chunk.length();
          digest.update(chunk.getBytes());
          if (slow) {
            // Reads at SLOW_BYTES_PER_SECOND: the upload has to wait for the backend.
            long due = started + bytes[0] * 1_000_000_000L / SLOW_BYTES_PER_SECOND;
            long aheadMs = (due - System.nanoTime()) / 1_000_000;
            if (aheadMs >= 1) {
              request.pause();
              vertx.setTimer(aheadMs, id -> request.resume());
            }
          }
        });
    request.endHandler(
        v -> {
          JsonObject headers = new JsonObject();
          request
              .headers()
              .forEach(
                  e -> {
                    String name = e.getKey().toLowerCase(java.util.Locale.ROOT);
                    JsonArray values = headers.getJsonArray(name);
                    if (values == null) {
                      values = new JsonArray();
                      headers.put(name, values);
                    }
                    values.add(e.getValue());
                  });
          JsonObject body =
              new JsonObject()
                  .put("service", service)
                  .put("method", request.method().name())
                  .put("path", request.path())
                  .put("query", request.query())
                  .put("headers", headers)
                  .put("claims", new JsonObject(claims.getClaimsMap()))
                  .put("body_bytes", bytes[0])
                  .put("body_sha256", HexFormat.of().formatHex(digest.digest()));
          request
              .response()
              .putHeader("Content-Type", "application/json")
              .putHeader("X-Backend", service)
              // Hop-by-hop and proxy headers the gateway must not relay to its client.
              .putHeader("Keep-Alive", "timeout=5")
              .putHeader("Proxy-Test", "must-not-pass")
              .putHeader("Trailer", "X-Checksum")
              .end(body.encode());
        });
    request.resume();
  }

  private void offline(String service, long ms) {
    HttpServer server = servers.get(service);
    int port = ports.get(service);
    CompletableFuture<Void> closed =
        server.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS);
    closed.thenRun(
        () ->
            vertx.setTimer(
                ms,
                id -> {
                  HttpServer again =
                      vertx.createHttpServer(
                          new HttpServerOptions().setHost("127.0.0.1").setPort(port));
                  again.requestHandler(r -> handle(service, r));
                  again.listen().onSuccess(s -> servers.put(service, s));
                }));
  }
}
