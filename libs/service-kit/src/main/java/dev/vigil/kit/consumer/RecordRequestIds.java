package dev.vigil.kit.consumer;

import dev.vigil.kit.web.RequestIds;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.MDC;

/**
 * Carries the request id of the HTTP request that caused an event into the work that consumes it:
 * the outbox publishes it as the record's {@code X-Request-Id} header, and a consumer puts it back
 * into the logging MDC as {@code requestId}, so every log line of that work (and every event it
 * appends in turn) carries the id the gateway gave the original request.
 */
public final class RecordRequestIds {

  private RecordRequestIds() {}

  /** The record's request id, or null when it has none or a malformed one. */
  public static String of(ConsumerRecord<?, ?> record) {
    Header header = record.headers().lastHeader(RequestIds.HEADER);
    if (header == null || header.value() == null) {
      return null;
    }
    String id = new String(header.value(), StandardCharsets.US_ASCII);
    return RequestIds.isWellFormed(id) ? id : null;
  }

  /**
   * Puts the record's request id into the MDC (or clears a stale one) until the returned scope is
   * closed, which restores what was there: for consumers that do their work on the calling thread.
   */
  public static Scope restore(ConsumerRecord<?, ?> record) {
    Object before = MDC.get(RequestIds.MDC_KEY);
    set(of(record));
    return () -> {
      if (before == null) {
        MDC.remove(RequestIds.MDC_KEY);
      } else {
        MDC.put(RequestIds.MDC_KEY, before);
      }
    };
  }

  static void set(String requestId) {
    if (requestId == null) {
      MDC.remove(RequestIds.MDC_KEY);
    } else {
      MDC.put(RequestIds.MDC_KEY, requestId);
    }
  }

  /** Restores the MDC as it was; closing never throws. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
