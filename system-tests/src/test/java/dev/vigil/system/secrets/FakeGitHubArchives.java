package dev.vigil.system.secrets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The repositories' GitHub on the suite's GitHub API port: one token; each repository's metadata
 * (for repo-config) and the zipball of its default branch (for secrets-service), which a test
 * replaces to "push" a commit.
 */
final class FakeGitHubArchives implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final String token;
  private final Map<String, byte[]> zipballs = new ConcurrentHashMap<>();
  private final AtomicInteger downloads = new AtomicInteger();

  FakeGitHubArchives(int port, String token) throws IOException {
    this.token = token;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The repository's default branch's archive from now on. */
  void serve(String repository, byte[] archive) {
    zipballs.put(repository, archive);
  }

  int downloads() {
    return downloads.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String[] parts = path.split("/");
      String repository = parts.length >= 4 ? parts[2] + "/" + parts[3] : "";
      byte[] zipball = zipballs.get(repository);
      if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 401, "application/json", "{\"message\":\"Bad credentials\"}".getBytes());
      } else if (zipball != null && path.equals("/repos/" + repository)) {
        send(
            exchange,
            200,
            "application/json; charset=utf-8",
            ("{\"full_name\":\""
                    + repository
                    + "\",\"default_branch\":\"main\",\"visibility\":\"private\",\"private\":true}")
                .getBytes(StandardCharsets.UTF_8));
      } else if (path.equals("/repos/" + repository + "/zipball/main") && zipball != null) {
        downloads.incrementAndGet();
        send(exchange, 200, "application/zip", zipball);
      } else {
        send(exchange, 404, "application/json", "{\"message\":\"Not Found\"}".getBytes());
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
