package dev.vigil.system.ghes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's own GitHub, as repo-config reaches it: a real HTTP server on the loopback port
 * the suite configured as repo-config's GitHub API base. It knows one repository and one token; it
 * answers the repository's metadata and its workflow runs, and records every request.
 */
final class FakeGitHub implements AutoCloseable {

  /** One request as received (no body: every call repo-config may make is a GET). */
  record Received(String method, String path, String query, String authorization) {}

  private static final Pattern RUN = Pattern.compile("/repos/([^/]+/[^/]+)/actions/runs/([0-9]+)");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final String repository;
  private final String token;
  private final String workflowPath;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  FakeGitHub(int port, String repository, String token, String workflowPath) throws IOException {
    this.repository = repository;
    this.token = token;
    this.workflowPath = workflowPath;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      received.add(
          new Received(
              exchange.getRequestMethod(),
              path,
              exchange.getRequestURI().getRawQuery(),
              authorization));
      if (!"GET".equals(exchange.getRequestMethod())) {
        send(exchange, 404, "{\"message\":\"Not Found\"}");
        return;
      }
      if (!("Bearer " + token).equals(authorization)) {
        send(exchange, 401, "{\"message\":\"Bad credentials\"}");
        return;
      }
      Matcher run = RUN.matcher(path);
      if (run.matches() && run.group(1).equals(repository)) {
        String id = run.group(2);
        String api = "https://ghes.example.test/api/v3/repos/" + repository;
        send(
            exchange,
            200,
            """
            {"id":%s,"name":"Third-party scan","path":"%s","run_attempt":1,"event":"push",
             "head_branch":"main","status":"in_progress",
             "workflow_url":"%s/actions/workflows/161335","url":"%s/actions/runs/%s"}
            """
                .formatted(id, workflowPath, api, api, id));
      } else if (path.equals("/repos/" + repository)) {
        send(
            exchange,
            200,
            """
            {"full_name":"%s","default_branch":"main","visibility":"private","private":true}
            """
                .formatted(repository));
      } else {
        send(exchange, 404, "{\"message\":\"Not Found\"}");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
