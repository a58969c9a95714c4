package dev.vigil.kit.logging;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Handler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;

/**
 * Switches console logs to one JSON object per line (with the MDC, so {@code requestId}) when
 * {@code vigil.log.json} is true — the default in the prod profile. In prod, {@link
 * JsonConsoleFilter} has done so before the first line already; this covers a service that turns
 * JSON on by configuration alone. The quarkus-logging-json extension is not available from the
 * registry here.
 */
@ApplicationScoped
public class JsonLogs {

  void enable(
      @Observes StartupEvent event,
      @ConfigProperty(name = "vigil.log.json", defaultValue = "false") boolean json) {
    if (!json) {
      return;
    }
    for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
      applyTo(handler);
    }
  }

  static void applyTo(Handler handler) {
    if (handler instanceof ExtHandler ext) {
      for (Handler child : ext.getHandlers()) {
        applyTo(child);
      }
    }
    if (handler.getClass().getSimpleName().contains("Console")
        && !(handler.getFormatter() instanceof JsonLogFormatter)) {
      handler.setFormatter(new JsonLogFormatter());
    }
  }
}
