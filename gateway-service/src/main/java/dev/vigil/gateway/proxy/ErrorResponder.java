package dev.vigil.gateway.proxy;

import dev.vigil.gateway.domain.ErrorBody;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/**
 * Sends the gateway's own error responses. A refused request may still have a body on the wire: a
 * small one is read and discarded so the connection can be reused; a large one is not read at all
 * and the connection is closed after the answer, so an unauthenticated client cannot make the
 * gateway swallow megabytes.
 */
final class ErrorResponder {

  /** Bodies up to this size are drained; larger ones close the connection. */
  static final long DRAIN_LIMIT = 1024 * 1024;

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
    response
        .end(body.json())
        .onComplete(
            done -> {
              if (close) {
                request.connection().close();
              }
            });
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
    Future<Void> sent = response.end(body.json());
    if (request.isEnded()) {
      sent.onComplete(done -> request.connection().close());
      return;
    }
    long[] seen = {0};
    request.handler(
        chunk -> {
          seen[0] += chunk.length();
          if (seen[0] > maxDiscard) {
            request.connection().close();
          }
        });
    request.endHandler(v -> sent.onComplete(done -> request.connection().close()));
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
