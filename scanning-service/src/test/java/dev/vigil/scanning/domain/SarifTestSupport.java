package dev.vigil.scanning.domain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Builds small SARIF documents and collects what the parser emits. */
final class SarifTestSupport {

  private SarifTestSupport() {}

  /** Everything a parse emitted, in order. */
  record Collected(SarifParseReport report, List<SarifRun> runs, List<SarifResult> results) {

    SarifResult only() {
      if (results.size() != 1) {
        throw new AssertionError("expected one result, got " + results.size());
      }
      return results.get(0);
    }
  }

  /** A visitor that keeps everything (fine for small test documents). */
  static final class Collector implements SarifVisitor {
    final List<SarifRun> runs = new ArrayList<>();
    final List<SarifResult> results = new ArrayList<>();
    final List<String> events = new ArrayList<>();

    @Override
    public void run(SarifRun run) {
      runs.add(run);
      events.add("run " + run.index());
    }

    @Override
    public void result(SarifRun run, SarifResult result) {
      results.add(result);
      events.add("result " + run.index() + "/" + result.ordinal());
    }

    @Override
    public void runEnd(SarifRun run) {
      events.add("end " + run.index());
    }
  }

  static SarifSource source(String json) {
    return SarifSource.of(json.getBytes(StandardCharsets.UTF_8));
  }

  static Collected parse(String json) {
    return parse(json, SarifParseOptions.defaults());
  }

  static Collected parse(String json, SarifParseOptions options) {
    Collector collector = new Collector();
    SarifParseReport report = new SarifStreamParser(options).parse(source(json), collector);
    return new Collected(report, collector.runs, collector.results);
  }

  /** A SARIF log around the given run objects. */
  static String log(String... runs) {
    return "{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
        + "\"runs\":["
        + String.join(",", runs)
        + "]}";
  }

  /** A run with a driver named {@code tool}, the given rules JSON and results JSON. */
  static String run(String tool, String rules, String results) {
    return "{\"tool\":{\"driver\":{\"name\":\""
        + tool
        + "\",\"rules\":["
        + rules
        + "]}},\"results\":["
        + results
        + "]}";
  }

  /** A result with a rule id, level (null = absent), message and one location. */
  static String result(String ruleId, String level, String message, String uri, int line) {
    return "{\"ruleId\":\""
        + ruleId
        + "\","
        + (level == null ? "" : "\"level\":\"" + level + "\",")
        + "\"message\":{\"text\":\""
        + message
        + "\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\""
        + uri
        + "\"},\"region\":{\"startLine\":"
        + line
        + "}}}]}";
  }

  static byte[] gzip(byte[] data) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(data);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What an uploader sends: base64 of gzip. */
  static String encode(String json) {
    return Base64.getEncoder().encodeToString(gzip(json.getBytes(StandardCharsets.UTF_8)));
  }
}
