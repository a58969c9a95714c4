package dev.vigil.sync.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real HTTP stand-ins for what a polled sync talks to: the gateway's client-credentials endpoint,
 * repo-config's internal credentials endpoint and GitHub's zipball endpoint (serving real zips).
 */
public class FakeUpstreams implements QuarkusTestResourceLifecycleManager {

  static final String SERVICE_TOKEN = "svc-token-for-tests";
  static final String GITHUB_TOKEN = "ghp_fakeTokenForSyncTests000000000000";

  /** Zipballs by {@code owner/repo}. */
  static final Map<String, byte[]> ZIPBALLS = new ConcurrentHashMap<>();

  static final AtomicInteger DOWNLOADS = new AtomicInteger();

  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext(
        "/oauth/token",
        exchange -> {
          boolean basic =
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))
                  .startsWith("Basic ");
          respond(
              exchange,
              basic ? 200 : 401,
              "{\"access_token\":\""
                  + SERVICE_TOKEN
                  + "\",\"token_type\":\"Bearer\",\"expires_in\":60}");
        });
    server.createContext(
        "/internal/v1/connections/",
        exchange -> {
          boolean ours =
              ("Bearer " + SERVICE_TOKEN)
                  .equals(exchange.getRequestHeaders().getFirst("Authorization"));
          respond(
              exchange,
              ours ? 200 : 401,
              "{\"success\":true,\"data\":{\"platform\":\"github\",\"baseUrl\":null,"
                  + "\"credentials\":{\"kind\":\"token\",\"token\":\""
                  + GITHUB_TOKEN
                  + "\"}}}");
        });
    server.createContext(
        "/repos/",
        exchange -> {
          // /repos/{owner}/{repo}/zipball/{ref}
          String[] parts = exchange.getRequestURI().getPath().split("/");
          String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] zip = parts.length >= 6 ? ZIPBALLS.get(parts[2] + "/" + parts[3]) : null;
          if (!auth.contains(GITHUB_TOKEN) || zip == null) {
            respond(exchange, 404, "{\"message\":\"Not Found\"}");
            return;
          }
          DOWNLOADS.incrementAndGet();
          exchange.getResponseHeaders().add("Content-Type", "application/zip");
          exchange.sendResponseHeaders(200, zip.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(zip);
          }
        });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    return Map.of(
        "vigil.service-identity.token-url",
        base + "/oauth/token",
        "vigil.service-identity.client-id",
        "sync-service",
        "vigil.service-identity.client-secret",
        "test-secret",
        "vigil.sync.polling.repo-config-url",
        base,
        "vigil.sync.polling.github-api-base",
        base,
        "vigil.sync.polling.schedule-enabled",
        "false");
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
