package dev.vigil.system.openapi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The connected repository's own GitHub, on the suite's GitHub API port, for the operations that
 * reach it: its metadata (repo-config learns the default branch), its default branch's zipball
 * (secrets-service's repository scan) and one workflow run (forwarded for codeql-action). Only the
 * connection's token is accepted.
 */
final class FakePlatform implements AutoCloseable {

  static final long RUN_ID = 987654321L;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final String token;
  private final String repository;
  private final byte[] zipball;

  FakePlatform(int port, String token, String repository, byte[] zipball) throws IOException {
    this.token = token;
    this.repository = repository;
    this.zipball = zipball;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String repo = "/repos/" + repository;
      if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 401, "application/json", "{\"message\":\"Bad credentials\"}");
      } else if (path.equals(repo)) {
        send(
            exchange,
            200,
            "application/json; charset=utf-8",
            "{\"full_name\":\""
                + repository
                + "\",\"default_branch\":\"main\",\"visibility\":\"private\",\"private\":true}");
      } else if (path.equals(repo + "/zipball/main")) {
        exchange.getResponseHeaders().set("Content-Type", "application/zip");
        exchange.sendResponseHeaders(200, zipball.length);
        exchange.getResponseBody().write(zipball);
      } else if (path.equals(repo + "/actions/runs/" + RUN_ID)) {
        send(
            exchange,
            200,
            "application/json; charset=utf-8",
            "{\"id\":"
                + RUN_ID
                + ",\"name\":\"Third-party scan\",\"path\":\".github/workflows/scan.yml\","
                + "\"head_branch\":\"main\",\"head_sha\":\""
                + "b".repeat(40)
                + "\",\"run_attempt\":1,\"status\":\"in_progress\"}");
      } else {
        send(exchange, 404, "application/json", "{\"message\":\"Not Found\"}");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
