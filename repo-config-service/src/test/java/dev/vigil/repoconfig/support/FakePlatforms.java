package dev.vigil.repoconfig.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on 127.0.0.1 standing in for GitHub, GitLab and Bitbucket Cloud, wired into
 * the service through {@code vigil.repo-config.platforms.*}. Its answers follow from the request
 * alone, so tests need no shared state with it:
 *
 * <ul>
 *   <li>credentials are valid when the GitHub token starts with {@code ghp_good}, the GitLab token
 *       with {@code glpat-good}, the Bitbucket app password with {@code good};
 *   <li>a repository name containing {@code missing} is 404, {@code slow} answers after 3 s (past
 *       the 1 s read timeout), {@code flaky} is 503;
 *   <li>{@code public} in the name makes it public (readable anonymously), {@code internal}
 *       internal, else private (anonymous reads get 404, as on GitHub);
 *   <li>the default branch is {@code develop} for names containing {@code -dev}, none for {@code
 *       empty}, else {@code main} — unless a test set another one through {@code POST
 *       /_fake/branch?repo=…&branch=…}.
 * </ul>
 *
 * GitHub's {@code /repos/{o}/{r}/actions/runs/{id}} answers a run ({@code
 * .github/workflows/scan.yml}) for a good token.
 *
 * <p>{@code GET /_fake/count?path=…} tells how often a path was requested.
 */
public class FakePlatforms implements QuarkusTestResourceLifecycleManager {

  private static final Pattern WORKFLOW_RUN =
      Pattern.compile("/github/repos/([^/]+/[^/]+)/actions/runs/([0-9]{1,18})");

  private HttpServer server;
  private ExecutorService executor;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final Map<String, String> branches = new ConcurrentHashMap<>();

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    return Map.of(
        "vigil.repo-config.platforms.github-api-base", base + "/github",
        "vigil.repo-config.platforms.gitlab-base", base + "/gitlab",
        "vigil.repo-config.platforms.bitbucket-api-base", base + "/bitbucket/2.0",
        "vigil.repo-config.platforms.bitbucket-web-base", base + "/bitbucket-web",
        "vigil.test.fake-platforms", base);
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      if (path.equals("/_fake/count")) {
        String counted = URLDecoder.decode(param(query, "path"), StandardCharsets.UTF_8);
        AtomicInteger n = hits.get(counted);
        send(exchange, 200, Integer.toString(n == null ? 0 : n.get()));
        return;
      }
      if (path.equals("/_fake/branch")) {
        branches.put(
            URLDecoder.decode(param(query, "repo"), StandardCharsets.UTF_8),
            URLDecoder.decode(param(query, "branch"), StandardCharsets.UTF_8));
        send(exchange, 204, "");
        return;
      }
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      Matcher run = WORKFLOW_RUN.matcher(path);
      if (run.matches()) {
        workflowRun(exchange, run.group(1), Long.parseLong(run.group(2)), query);
      } else if (path.startsWith("/github/repos/")) {
        String name = path.substring("/github/repos/".length());
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        repository(
            exchange, "github", name, auth, auth != null && auth.startsWith("Bearer ghp_good"));
      } else if (path.startsWith("/gitlab/api/v4/projects/")) {
        String name =
            URLDecoder.decode(
                path.substring("/gitlab/api/v4/projects/".length()), StandardCharsets.UTF_8);
        String token = exchange.getRequestHeaders().getFirst("PRIVATE-TOKEN");
        repository(
            exchange, "gitlab", name, token, token != null && token.startsWith("glpat-good"));
      } else if (path.startsWith("/bitbucket/2.0/repositories/")) {
        String name = path.substring("/bitbucket/2.0/repositories/".length());
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        repository(exchange, "bitbucket", name, auth, bitbucketValid(auth));
      } else {
        send(exchange, 404, "{\"message\":\"Not Found\"}");
      }
    }
  }

  /**
   * GitHub's workflow run: needs a good token; run 404 does not exist; echoes whether pull requests
   * were excluded.
   */
  private void workflowRun(HttpExchange exchange, String repo, long id, String query)
      throws IOException {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.startsWith("Bearer ghp_good")) {
      send(exchange, 401, "{\"message\":\"Bad credentials\"}");
      return;
    }
    if (id == 404) {
      send(exchange, 404, "{\"message\":\"Not Found\"}");
      return;
    }
    String base = "https://api.github.com/repos/" + repo;
    send(
        exchange,
        200,
        "{\"id\":"
            + id
            + ",\"name\":\"scan\",\"path\":\".github/workflows/scan.yml\",\"run_attempt\":1,"
            + "\"event\":\"push\",\"head_branch\":\"main\","
            + "\"workflow_url\":\""
            + base
            + "/actions/workflows/7\",\"excluded_pull_requests\":"
            + "exclude_pull_requests=true".equals(query)
            + "}");
  }

  private void repository(
      HttpExchange exchange, String platform, String name, String auth, boolean valid)
      throws IOException {
    if (name.contains("slow")) {
      sleep(3000);
    }
    if (name.contains("flaky")) {
      send(exchange, 503, "{\"message\":\"unavailable\"}");
      return;
    }
    if (name.contains("missing")) {
      send(exchange, 404, "{\"message\":\"Not Found\"}");
      return;
    }
    String visibility =
        name.contains("public") ? "public" : name.contains("internal") ? "internal" : "private";
    if (auth != null && !valid) {
      send(exchange, 401, "{\"message\":\"Bad credentials\"}");
      return;
    }
    if (auth == null && !visibility.equals("public")) {
      send(exchange, 404, "{\"message\":\"Not Found\"}");
      return;
    }
    String branch =
        branches.getOrDefault(
            name, name.contains("empty") ? null : name.contains("-dev") ? "develop" : "main");
    String branchJson = branch == null ? "null" : "\"" + branch + "\"";
    String body =
        switch (platform) {
          case "github" ->
              "{\"full_name\":\"%s\",\"default_branch\":%s,\"visibility\":\"%s\",\"private\":%s}"
                  .formatted(name, branchJson, visibility, !visibility.equals("public"));
          case "gitlab" ->
              "{\"path_with_namespace\":\"%s\",\"default_branch\":%s,\"visibility\":\"%s\"}"
                  .formatted(name, branchJson, visibility);
          default ->
              "{\"full_name\":\"%s\",\"is_private\":%s,\"mainbranch\":%s}"
                  .formatted(
                      name,
                      !visibility.equals("public"),
                      branch == null ? "null" : "{\"name\":" + branchJson + "}");
        };
    send(exchange, 200, body);
  }

  private static boolean bitbucketValid(String auth) {
    if (auth == null || !auth.startsWith("Basic ")) {
      return false;
    }
    String pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    return colon > 0 && pair.substring(colon + 1).startsWith("good");
  }

  private static String param(String query, String name) {
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith(name + "=")) {
          return pair.substring(name.length() + 1);
        }
      }
    }
    return "";
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
