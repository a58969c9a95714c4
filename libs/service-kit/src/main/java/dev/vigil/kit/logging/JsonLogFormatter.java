package dev.vigil.kit.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One JSON object per log line: timestamp, level, logger, thread, message, the MDC (so {@code
 * requestId}) and the stack trace. Rendered with Jackson because LogManager's own JsonFormatter
 * needs a JSON-P implementation on the boot class path, which a Quarkus build does not have.
 */
public class JsonLogFormatter extends ExtFormatter {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String format(ExtLogRecord record) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
    line.put("level", record.getLevel().getName());
    line.put("loggerName", record.getLoggerName());
    line.put("threadName", record.getThreadName());
    line.put("message", formatMessage(record));
    Map<String, String> mdc = record.getMdcCopy();
    if (mdc != null && !mdc.isEmpty()) {
      line.put("mdc", mdc);
    }
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.put("exception", trace.toString());
    }
    try {
      return JSON.writeValueAsString(line) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      return "{\"level\":\"ERROR\",\"message\":\"log record could not be rendered\"}"
          + System.lineSeparator();
    }
  }
}
