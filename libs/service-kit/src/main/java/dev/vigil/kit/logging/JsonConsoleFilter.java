package dev.vigil.kit.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logmanager.LogContext;

/**
 * Makes the console write one JSON object per line from the very first line. Quarkus builds its
 * console handler with a pattern formatter, and the JSON formatter extension is not available, so
 * this filter, attached to the console handler ({@code quarkus.log.console.filter=vigil-json}, set
 * in the prod profile), puts {@link JsonLogFormatter} on the console handlers before the first
 * record is formatted: records buffered during start-up are replayed through it too. It filters
 * nothing.
 */
@LoggingFilter(name = "vigil-json")
public final class JsonConsoleFilter implements Filter {

  private volatile boolean installed;

  @Override
  public boolean isLoggable(LogRecord record) {
    if (!installed) {
      install();
    }
    return true;
  }

  private synchronized void install() {
    if (installed) {
      return;
    }
    for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
      JsonLogs.applyTo(handler);
    }
    installed = true;
  }
}
