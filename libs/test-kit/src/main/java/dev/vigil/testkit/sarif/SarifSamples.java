package dev.vigil.testkit.sarif;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Small SARIF 2.1.0 logs as tests write them, and the {@code sarif} field encoding GitHub's upload
 * takes (gzip, then base64). Shared by scanning-service's tests and the system tests.
 */
public final class SarifSamples {

  private SarifSamples() {}

  /** gzip + base64, as the upload's {@code sarif} field carries a log. */
  public static String encode(byte[] sarif) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(sarif);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  public static String encode(String sarif) {
    return encode(sarif.getBytes(StandardCharsets.UTF_8));
  }

  /** A log of one run of {@code tool}; {@code category} becomes {@code automationDetails.id}. */
  public static String sarif(
      String tool, String category, List<String> rules, List<String> results) {
    return "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\""
        + tool
        + "\",\"version\":\"1.0.0\",\"rules\":["
        + String.join(",", rules)
        + "]}},"
        + (category == null ? "" : "\"automationDetails\":{\"id\":\"" + category + "/run\"},")
        + "\"results\":["
        + String.join(",", results)
        + "]}]}";
  }

  /** A rule with descriptions, help, a default level and optionally a security severity. */
  public static String rule(String id, String level, String securitySeverity) {
    return "{\"id\":\""
        + id
        + "\",\"name\":\""
        + id
        + "\",\"shortDescription\":{\"text\":\"Short "
        + id
        + "\"},\"fullDescription\":{\"text\":\"Full "
        + id
        + "\"},\"help\":{\"text\":\"Help "
        + id
        + "\",\"markdown\":\"# Help "
        + id
        + "\"},\"defaultConfiguration\":{\"level\":\""
        + level
        + "\"},\"properties\":{\"tags\":[\"security\"]"
        + (securitySeverity == null ? "" : ",\"security-severity\":\"" + securitySeverity + "\"")
        + "}}";
  }

  /** A result at {@code path:line} with {@code hash} as its primaryLocationLineHash. */
  public static String result(String ruleId, String path, int line, String hash) {
    return "{\"ruleId\":\""
        + ruleId
        + "\",\"message\":{\"text\":\"Problem "
        + ruleId
        + " in "
        + path
        + "\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\""
        + path
        + "\"},\"region\":{\"startLine\":"
        + line
        + ",\"startColumn\":3,\"endColumn\":9}}}],\"partialFingerprints\":"
        + "{\"primaryLocationLineHash\":\""
        + hash
        + "\"}}";
  }

  /**
   * A log of {@code runs} runs of {@code tool} (rule {@code <tool>/rule}), each its own category,
   * each with {@code resultsPerRun} distinct results.
   */
  public static String multiRun(String tool, int runs, int resultsPerRun) {
    String ruleId = tool.toLowerCase(Locale.ROOT) + "/rule";
    StringBuilder sarif = new StringBuilder("{\"version\":\"2.1.0\",\"runs\":[");
    for (int run = 1; run <= runs; run++) {
      sarif
          .append(run == 1 ? "" : ",")
          .append("{\"tool\":{\"driver\":{\"name\":\"")
          .append(tool)
          .append("\",\"version\":\"1.0.0\",\"rules\":[")
          .append(rule(ruleId, "error", "7.0"))
          .append("]}},\"automationDetails\":{\"id\":\"")
          .append(ruleId)
          .append("/part-")
          .append(run)
          .append("/\"},\"results\":[")
          .append(String.join(",", results(ruleId, "part" + run + "-", resultsPerRun)))
          .append("]}");
    }
    return sarif.append("]}").toString();
  }

  /** {@code n} results of {@code ruleId}, one per file, with distinct fingerprints. */
  public static List<String> results(String ruleId, String prefix, int n) {
    List<String> results = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      results.add(result(ruleId, "src/" + prefix + i + ".js", i, prefix + ":" + i));
    }
    return results;
  }
}
