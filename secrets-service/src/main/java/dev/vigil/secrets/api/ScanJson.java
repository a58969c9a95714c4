package dev.vigil.secrets.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.secrets.detect.Detector;
import dev.vigil.secrets.detect.Finding;
import dev.vigil.secrets.detect.SecretMatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Writes GitGuardian's scan results field for field, in the order GitGuardian sends them. */
final class ScanJson {

  static final String POLICY = "Secrets detection";
  private static final JsonFactory JSON = new JsonFactory();
  private static final Pattern HUNK = Pattern.compile("@@ -\\d+(?:,\\d+)? \\+\\d+(?:,\\d+)? @@.*");

  private ScanJson() {}

  static byte[] result(String document, List<Finding> findings) {
    return write(g -> writeResult(g, document, findings));
  }

  static byte[] results(List<String> documents, List<List<Finding>> findings) {
    return write(
        g -> {
          try {
            g.writeStartArray();
            for (int i = 0; i < documents.size(); i++) {
              writeResult(g, documents.get(i), findings.get(i));
            }
            g.writeEndArray();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  static byte[] detail(String message) {
    return write(
        g -> {
          try {
            g.writeStartObject();
            g.writeStringField("detail", message);
            g.writeEndObject();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  static byte[] write(Consumer<JsonGenerator> body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.accept(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** ggshield sends patches ("@@ -0,0 +1 @@" hunks); GitGuardian marks them and each break. */
  static boolean isDiff(String document) {
    int end = document.indexOf('\n');
    return document.startsWith("@@ ")
        && HUNK.matcher(end < 0 ? document : document.substring(0, end)).matches();
  }

  private static void writeResult(JsonGenerator g, String document, List<Finding> findings) {
    try {
      boolean diff = isDiff(document);
      g.writeStartObject();
      g.writeNumberField("policy_break_count", findings.size());
      g.writeArrayFieldStart("policies");
      g.writeString(POLICY);
      g.writeEndArray();
      g.writeArrayFieldStart("policy_breaks");
      for (Finding f : findings) {
        Detector d = f.detector();
        g.writeStartObject();
        g.writeStringField("type", d.displayName());
        g.writeStringField("detector_name", d.name());
        g.writeStringField("detector_group_name", d.groupName());
        g.writeStringField("documentation_url", d.documentationUrl());
        g.writeStringField("policy", POLICY);
        g.writeArrayFieldStart("matches");
        for (SecretMatch m : f.matches()) {
          g.writeStartObject();
          g.writeStringField("type", m.type());
          g.writeStringField("match", m.match());
          g.writeNumberField("index_start", m.indexStart());
          g.writeNumberField("index_end", m.indexEnd());
          g.writeNumberField("line_start", m.lineStart());
          g.writeNumberField("line_end", m.lineEnd());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("is_excluded", false);
        g.writeNullField("exclude_reason");
        if (diff) {
          g.writeStringField("diff_kind", diffKind(document, f.matches().get(0).lineStart()));
        } else {
          g.writeNullField("diff_kind");
        }
        g.writeBooleanField("is_vaulted", false);
        g.writeBooleanField("known_secret", false);
        g.writeStringField("incident_url", "");
        g.writeStringField("validity", "no_checker");
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeBooleanField("is_diff", diff);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kind of the patch line a secret sits on: {@code +} addition, {@code -} deletion. */
  private static String diffKind(String document, int line) {
    int start = 0;
    for (int l = 1; l < line && start >= 0; l++) {
      start = document.indexOf('\n', start);
      start = start < 0 ? -1 : start + 1;
    }
    if (start < 0 || start >= document.length()) {
      return "context";
    }
    return switch (document.charAt(start)) {
      case '+' -> "addition";
      case '-' -> "deletion";
      default -> "context";
    };
  }
}
