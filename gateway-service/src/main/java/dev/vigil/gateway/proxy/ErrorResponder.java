package dev.vigil.gateway.proxy;

import dev.vigil.gateway.domain.ErrorBody;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/**
 * Sends the gateway's own error responses. A refused request may still have a body on the wire: a
 * small one is read and discarded so the connection can be reused; a large one is answered with
 * {@code Connection: close} and then closed after a bounded linger, so an unauthenticated client
 * cannot make the gateway swallow more than a few megabytes.
 *
 * <p>Why linger: a client such as Java's HttpClient writes its whole body before it reads. Closing
 * a socket with unread bytes in its receive buffer makes the kernel send a reset, which can destroy
 * the already-sent answer in the client's buffer ("header parser received no bytes"). Reading and
 * discarding for a short while before the close, as nginx's {@code lingering_close} does, lets the
 * 413 reach the client.
 */
final class ErrorResponder {

  /** Bodies up to this size are drained; larger ones close the connection. */
  static final long DRAIN_LIMIT = 1024 * 1024;

  /** After an answer that closes the connection, at most this many more bytes are discarded... */
  static final long LINGER_BYTES = 8L * 1024 * 1024;

  /** ...for at most this long. */
  static final long LINGER_MILLIS = 2_000;

  private ErrorResponder() {}

  static void send(HttpServerRequest request, ErrorBody body, Map<String, String> headers) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      // Too late for a status: the only honest signal left is to cut the connection.
      request.connection().close();
      return;
    }
    boolean close = !drainable(request);
    response.setStatusCode(body.status()).putHeader(HttpHeaders.CONTENT_TYPE, body.contentType());
    headers.forEach(response::putHeader);
    if (close) {
      response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    Future<Void> sent = response.end(body.json());
    if (close) {
      lingerThenClose(request, sent, LINGER_BYTES);
    }
  }

  /**
   * Answers while part of the body is already read (a streamed upload over its limit, a backend
   * lost mid-upload): the rest is read and discarded, up to {@code maxDiscard} more bytes, so a
   * client that writes its whole body before reading still gets the answer; then the connection is
   * closed.
   */
  static void sendThenDiscard(
      HttpServerRequest request, ErrorBody body, Map<String, String> headers, long maxDiscard) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed() || response.headWritten()) {
      request.connection().close();
      return;
    }
    response.setStatusCode(body.status()).putHeader(HttpHeaders.CONTENT_TYPE, body.contentType());
    headers.forEach(response::putHeader);
    lingerThenClose(request, response.end(body.json()), maxDiscard);
  }

  /**
   * Closes the connection once the answer is sent and the rest of the request body is read, or once
   * {@code maxDiscard} more bytes or {@link #LINGER_MILLIS} have passed, whichever comes first.
   */
  private static void lingerThenClose(
      HttpServerRequest request, Future<Void> sent, long maxDiscard) {
    HttpConnection connection = request.connection();
    if (request.isEnded()) {
      sent.onComplete(done -> connection.close());
      return;
    }
    Context context = Vertx.currentContext();
    long timer =
        context == null ? -1 : context.owner().setTimer(LINGER_MILLIS, id -> connection.close());
    Runnable close =
        () -> {
          if (timer >= 0) {
            context.owner().cancelTimer(timer);
          }
          sent.onComplete(done -> connection.close());
        };
    long[] seen = {0};
    request.handler(
        chunk -> {
          seen[0] += chunk.length();
          if (seen[0] > maxDiscard) {
            close.run();
          }
        });
    request.endHandler(v -> close.run());
    request.exceptionHandler(e -> {});
    request.resume();
  }

  /**
   * Starts discarding the request body if it is small enough to be worth keeping the connection.
   */
  private static boolean drainable(HttpServerRequest request) {
    if (request.isEnded()) {
      return true;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    boolean chunked = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    if (length == null && !chunked) {
      return true; // HTTP/1.1 without either has no body
    }
    long declared;
    try {
      declared = length == null ? -1 : Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return false;
    }
    if (declared > DRAIN_LIMIT) {
      return false;
    }
    long[] seen = {0};
    request.handler(
        chunk -> {
          seen[0] += chunk.length();
          if (seen[0] > DRAIN_LIMIT) {
            request.connection().close();
          }
        });
    request.exceptionHandler(e -> {});
    request.resume();
    return true;
  }
}
