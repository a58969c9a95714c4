package dev.vigil.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Console logging for this module's plain JUnit tests. With quarkus-bootstrap-runner on the class
 * path, jboss-logmanager ignores logging.properties and parks records until a Quarkus application
 * starts (never, here), dumping them at exit; this gives the root logger a console handler instead,
 * with the Kafka loggers at WARN (the client logs its whole configuration at INFO per instance, and
 * warns about every refused connection while the broker is killed, hence NetworkClient at ERROR).
 */
public final class TestLogging implements BeforeAllCallback {

  private static final List<org.jboss.logmanager.Logger> CONFIGURED = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    install();
  }

  static synchronized void install() {
    if (!CONFIGURED.isEmpty()) {
      return;
    }
    LogContext logContext = LogContext.getLogContext();
    org.jboss.logmanager.Logger root = logContext.getLogger("");
    root.setHandlers(
        new Handler[] {
          new ConsoleHandler(
              ConsoleHandler.Target.SYSTEM_OUT,
              new PatternFormatter("%d{HH:mm:ss,SSS} %-5p [%c{1.}] %s%e%n"))
        });
    root.setLevel(Level.INFO);
    CONFIGURED.add(root);
    level(logContext, "kafka", Level.WARNING);
    level(logContext, "org.apache.kafka", Level.WARNING);
    level(logContext, "state.change.logger", Level.WARNING);
    level(logContext, "org.apache.kafka.clients.NetworkClient", Level.SEVERE);
    level(logContext, "io.zonky", Level.WARNING);
  }

  private static void level(LogContext logContext, String category, Level level) {
    org.jboss.logmanager.Logger logger = logContext.getLogger(category);
    logger.setLevel(level);
    CONFIGURED.add(logger);
  }
}
