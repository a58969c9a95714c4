package dev.vigil.platform;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real HTTP server on localhost standing in for a platform; records every request. */
final class FakeServer implements AutoCloseable {

  /** One request as received. */
  record Recorded(String method, String rawPath, String rawQuery, Headers headers) {

    String header(String name) {
      return headers.getFirst(name);
    }

    String target() {
      return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
    }
  }

  /** Answers one exchange. */
  interface Responder {
    void respond(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Responder> routes = new ConcurrentHashMap<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();

  private FakeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static FakeServer start() {
    try {
      return new FakeServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code http://127.0.0.1:<port>} */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Routes a raw path (with {@code ?query} if any) to a responder. */
  FakeServer on(String target, Responder responder) {
    routes.put(target, responder);
    return this;
  }

  List<Recorded> requests() {
    return requests;
  }

  Recorded last() {
    return requests.getLast();
  }

  private void handle(HttpExchange exchange) throws IOException {
    Recorded r =
        new Recorded(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestURI().getRawQuery(),
            exchange.getRequestHeaders());
    requests.add(r);
    Responder responder = routes.getOrDefault(r.target(), json(404, "{\"message\":\"Not Found\"}"));
    try (exchange) {
      responder.respond(exchange);
    }
  }

  static Responder json(int status, String body) {
    return bytes(status, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  static Responder bytes(int status, String contentType, byte[] body) {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    };
  }

  /** A body of {@code size} bytes sent chunked, without Content-Length. */
  static Responder chunked(String contentType, int size) {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      byte[] chunk = new byte[8192];
      for (int sent = 0; sent < size; sent += chunk.length) {
        out.write(chunk, 0, Math.min(chunk.length, size - sent));
      }
    };
  }

  static Responder redirect(int status, String location) {
    return exchange -> {
      exchange.getResponseHeaders().set("Location", location);
      exchange.sendResponseHeaders(status, -1);
    };
  }

  static Responder status(int status, Map<String, String> headers) {
    return exchange -> {
      headers.forEach(exchange.getResponseHeaders()::set);
      exchange.sendResponseHeaders(status, -1);
    };
  }

  /** Sends headers and a few bytes, then stalls. */
  static Responder stallAfter(int bytes, long millis) {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/zip");
      exchange.sendResponseHeaders(200, 0);
      exchange.getResponseBody().write(new byte[bytes]);
      exchange.getResponseBody().flush();
      sleep(millis);
    };
  }

  /** Stalls before answering at all. */
  static Responder stall(long millis) {
    return exchange -> {
      sleep(millis);
      exchange.sendResponseHeaders(500, -1);
    };
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
