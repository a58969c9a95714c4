package dev.vigil.kit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.MDC;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {

  @Test
  void rendersOneJsonObjectPerLineWithTheRequestId() throws Exception {
    MDC.put("requestId", "req-42");
    try {
      ExtLogRecord record =
          new ExtLogRecord(Level.WARNING, "upload %s failed", ExtLogRecord.FormatStyle.PRINTF, "x");
      record.setParameters(new Object[] {"u-1"});
      record.setLoggerName("dev.vigil.test");
      record.setThrown(new IllegalStateException("boom"));
      record.copyMdc();
      String line = new JsonLogFormatter().format(record);

      assertThat(line).endsWith(System.lineSeparator());
      assertThat(line.strip()).doesNotContain("\n");
      JsonNode json = new ObjectMapper().readTree(line);
      assertThat(json.get("level").asText()).isEqualTo("WARNING");
      assertThat(json.get("message").asText()).isEqualTo("upload u-1 failed");
      assertThat(json.get("mdc").get("requestId").asText()).isEqualTo("req-42");
      assertThat(json.get("exception").asText()).contains("IllegalStateException: boom");
    } finally {
      MDC.remove("requestId");
    }
  }
}
