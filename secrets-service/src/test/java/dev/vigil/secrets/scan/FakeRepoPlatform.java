package dev.vigil.secrets.scan;

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
 * The outside world of a repository scan on one local HTTP port: the gateway's token endpoint,
 * repo-config's internal repository lookup and credentials endpoints, and GitHub's zipball endpoint
 * serving whatever archive a test put there. Global to the module (one app start).
 */
public class FakeRepoPlatform implements QuarkusTestResourceLifecycleManager {

  /** The token the fake repo-config hands out and the fake GitHub insists on. */
  static final String PLATFORM_TOKEN = "fake-platform-token-for-tests";

  /** Archives by {@code owner/name}; lookups know exactly these repositories. */
  static final Map<String, byte[]> ARCHIVES = new ConcurrentHashMap<>();

  /** Connection ids by {@code owner/name}. */
  static final Map<String, String> CONNECTIONS = new ConcurrentHashMap<>();

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
        "/token", ex -> send(ex, 200, "{\"access_token\":\"svc\",\"expires_in\":300}"));
    server.createContext("/internal/v1/repositories", FakeRepoPlatform::lookup);
    server.createContext("/internal/v1/connections/", FakeRepoPlatform::credentials);
    server.createContext("/repos/", FakeRepoPlatform::zipball);
    // GitHub's "who am I": no leaked token of the tests works.
    server.createContext("/user", ex -> send(ex, 401, "{\"message\":\"Bad credentials\"}"));
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    return Map.of(
        "vigil.service-identity.token-url",
        base + "/token",
        "vigil.service-identity.client-id",
        "secrets-service",
        "vigil.service-identity.client-secret",
        "test-client-secret",
        "vigil.repo-lookup.repo-config-url",
        base,
        "vigil.secrets.repo-scans.github-api-base",
        base);
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static void lookup(HttpExchange ex) throws IOException {
    String query = ex.getRequestURI().getQuery();
    String name = query == null ? "" : query.replaceFirst("^full_name=", "");
    String connection = CONNECTIONS.get(name);
    String repositories =
        connection == null
            ? "[]"
            : "[{\"connectionId\":\""
                + connection
                + "\",\"projectId\":\"00000000-0000-0000-0000-000000000001\",\"platform\":\"github\","
                + "\"fullName\":\""
                + name
                + "\",\"defaultBranch\":\"main\",\"visibility\":\"private\"}]";
    send(ex, 200, "{\"data\":{\"repositories\":" + repositories + "}}");
  }

  private static void credentials(HttpExchange ex) throws IOException {
    if (!"Bearer svc".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      send(ex, 401, "{}");
      return;
    }
    send(
        ex,
        200,
        "{\"data\":{\"platform\":\"github\",\"baseUrl\":null,\"credentials\":"
            + "{\"kind\":\"token\",\"token\":\""
            + PLATFORM_TOKEN
            + "\"}}}");
  }

  private static void zipball(HttpExchange ex) throws IOException {
    // /repos/{owner}/{repo}/zipball/{ref}
    String[] parts = ex.getRequestURI().getPath().split("/");
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.endsWith(PLATFORM_TOKEN)) {
      send(ex, 401, "{\"message\":\"Bad credentials\"}");
      return;
    }
    byte[] archive = parts.length >= 6 ? ARCHIVES.get(parts[2] + "/" + parts[3]) : null;
    if (archive == null || !"zipball".equals(parts[4])) {
      send(ex, 404, "{\"message\":\"Not Found\"}");
      return;
    }
    DOWNLOADS.incrementAndGet();
    ex.getResponseHeaders().set("Content-Type", "application/zip");
    ex.sendResponseHeaders(200, archive.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(archive);
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
