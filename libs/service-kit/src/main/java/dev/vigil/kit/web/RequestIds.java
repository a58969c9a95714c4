package dev.vigil.kit.web;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is well formed (the gateway
 * always sends one), else a fresh one. It is echoed in the response and put in the logging MDC as
 * {@code requestId}, so every log line of the request carries it.
 */
@ApplicationScoped
public class RequestIds {

  public static final String HEADER = "X-Request-Id";
  public static final String MDC_KEY = "requestId";
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /**
   * The request id of the work running now, from the logging MDC: set for an HTTP request by this
   * class, for a consumed event by {@code dev.vigil.kit.consumer.RecordRequestIds}; null outside
   * either, or when the value is not a well-formed id.
   */
  public static String current() {
    Object id = MDC.get(MDC_KEY);
    return id instanceof String s && isWellFormed(s) ? s : null;
  }

  /** An id a caller may choose: 1–128 of letters, digits and {@code . _ : -}. */
  public static boolean isWellFormed(String id) {
    return id != null && WELL_FORMED.matcher(id).matches();
  }

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE + 10)
        .handler(
            context -> {
              String id = context.request().getHeader(HEADER);
              if (!isWellFormed(id)) {
                id = UUID.randomUUID().toString();
              }
              context.put(MDC_KEY, id);
              MDC.put(MDC_KEY, id);
              context.response().putHeader(HEADER, id);
              context.next();
            });
  }
}
