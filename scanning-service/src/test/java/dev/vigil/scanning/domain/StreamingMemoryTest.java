package dev.vigil.scanning.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Parses a ~100 MB SARIF that is generated while it is read (never held as a file or array) and
 * shows that the live heap stays far below the document size during both passes.
 */
class StreamingMemoryTest {

  private static final int RUNS = 8;
  private static final int RESULTS_PER_RUN = 25_000; // GitHub's maximum per run
  private static final int RULES = 50;
  private static final long MIB = 1024 * 1024;

  /**
   * A SARIF log produced piece by piece. Even runs put {@code results} before {@code tool} (as
   * converters do), odd runs after.
   */
  static final class GeneratedSarif extends InputStream {
    private static final String PAD = "x".repeat(120);
    private final Runnable probe;
    private final StringBuilder chunk = new StringBuilder(2048);
    private byte[] bytes = new byte[0];
    private int pos;
    private int run;
    private int result = -1; // -1: run header pending
    private boolean finished;
    private long produced;

    /** {@code probe} runs halfway through each run, in whichever pass is reading. */
    GeneratedSarif(Runnable probe) {
      this.probe = probe;
    }

    @Override
    public int read() {
      if (pos == bytes.length && !next()) {
        return -1;
      }
      return bytes[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos == bytes.length && !next()) {
        return -1;
      }
      int n = Math.min(len, bytes.length - pos);
      System.arraycopy(bytes, pos, b, off, n);
      pos += n;
      return n;
    }

    long produced() {
      return produced;
    }

    private boolean next() {
      if (finished) {
        return false;
      }
      chunk.setLength(0);
      if (run == 0 && result == -1) {
        chunk.append("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[");
      }
      if (run == RUNS) {
        chunk.append("],\"version\":\"2.1.0\"}");
        finished = true;
      } else if (result == -1) {
        chunk.append(run == 0 ? "{" : ",{");
        if (run % 2 == 1) {
          tool(run);
          chunk.append(',');
        }
        chunk
            .append("\"automationDetails\":{\"id\":\"gen/")
            .append(run)
            .append("\"},\"results\":[");
        result = 0;
      } else if (result < RESULTS_PER_RUN) {
        if (result == RESULTS_PER_RUN / 2) {
          probe.run();
        }
        // ~50 results per chunk keeps the chunk small and the generator fast.
        for (int k = 0; k < 50 && result < RESULTS_PER_RUN; k++, result++) {
          resultJson(run, result);
        }
      } else {
        chunk.append(']');
        if (run % 2 == 0) {
          chunk.append(',');
          tool(run);
        }
        chunk.append('}');
        run++;
        result = -1;
      }
      bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
      produced += bytes.length;
      pos = 0;
      return true;
    }

    private void tool(int run) {
      chunk
          .append("\"tool\":{\"driver\":{\"name\":\"Generator\",\"version\":\"1.")
          .append(run)
          .append("\",\"rules\":[");
      for (int r = 0; r < RULES; r++) {
        chunk
            .append(r == 0 ? "" : ",")
            .append("{\"id\":\"GEN")
            .append(r)
            .append("\",\"shortDescription\":{\"text\":\"Generated rule ")
            .append(r)
            .append("\"},\"properties\":{\"tags\":[\"security\"],\"security-severity\":\"")
            .append(r % 10)
            .append(".5\"}}");
      }
      chunk.append("]}}");
    }

    private void resultJson(int run, int i) {
      if (i > 0) {
        chunk.append(',');
      }
      int line = 10 + (i % 4000);
      chunk
          .append("{\"ruleId\":\"GEN")
          .append(i % RULES)
          .append("\",\"ruleIndex\":")
          .append(i % RULES)
          .append(",\"level\":\"")
          .append(i % 3 == 0 ? "error" : "warning")
          .append("\",\"message\":{\"text\":\"Generated finding ")
          .append(i)
          .append(" of run ")
          .append(run)
          .append(": untrusted data reaches a sensitive sink without sanitisation.\"},")
          .append(
              "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"src/module")
          .append(i % 97)
          .append("/Generated")
          .append(i % 1009)
          .append(".java\",\"uriBaseId\":\"%SRCROOT%\"},\"region\":{\"startLine\":")
          .append(line)
          .append(",\"startColumn\":9,\"endLine\":")
          .append(line)
          .append(
              ",\"endColumn\":57,\"snippet\":{\"text\":\"String value = request.getParameter(name);\"}}}}],")
          .append("\"properties\":{\"padding\":\"")
          .append(PAD)
          .append("\"}}");
    }
  }

  private static long liveHeap(MemoryMXBean memory) {
    // Two collections: the second sees objects the first only queued for finalisation/cleanup.
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void hundredMegabytesParseInBoundedMemory() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    // Keep every result so that all 200,000 pass through the visitor, not only GitHub's top 5,000.
    SarifLimits limits =
        new SarifLimits(
            20,
            RESULTS_PER_RUN,
            RESULTS_PER_RUN,
            25_000,
            100,
            10_000,
            1_000,
            1_000,
            100,
            20,
            10,
            64_000_000L);
    long before = liveHeap(memory);
    long[] peak = {0};
    long[] probes = {0};
    long[] generated = new long[1];
    Runnable probe =
        () -> {
          probes[0]++;
          peak[0] = Math.max(peak[0], liveHeap(memory) - before);
        };
    SarifSource source =
        () -> {
          GeneratedSarif g = new GeneratedSarif(probe);
          return new java.io.FilterInputStream(g) {
            @Override
            public void close() {
              generated[0] = g.produced();
            }
          };
        };

    long[] results = {0};
    long[] errors = {0};
    SarifVisitor visitor =
        new SarifVisitor() {
          @Override
          public void run(SarifRun run) {
            assertThat(run.rules()).hasSize(RULES);
            peak[0] = Math.max(peak[0], liveHeap(memory) - before);
          }

          @Override
          public void result(SarifRun run, SarifResult result) {
            results[0]++;
            if (result.level() == Level.ERROR) {
              errors[0]++;
            }
            if (result.ordinal() == RESULTS_PER_RUN / 2) {
              // Mid-run: the parser holds one run's metadata and one result.
              assertThat(result.path()).startsWith("src/module");
              assertThat(result.rule()).isNotNull();
              peak[0] = Math.max(peak[0], liveHeap(memory) - before);
            }
          }
        };

    long start = System.nanoTime();
    SarifParseReport report =
        new SarifStreamParser(new SarifParseOptions(null, null, limits)).parse(source, visitor);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    long retained = liveHeap(memory) - before;

    System.out.printf(
        "streamed %d MiB (%d results) twice in %d ms; peak live heap growth %d MiB, retained %d MiB%n",
        generated[0] / MIB, results[0], elapsedMs, peak[0] / MIB, retained / MIB);
    assertThat(generated[0]).as("document size").isGreaterThan(95 * MIB);
    assertThat(report.totalResults()).isEqualTo(RUNS * RESULTS_PER_RUN);
    assertThat(results[0]).isEqualTo(RUNS * RESULTS_PER_RUN);
    assertThat(errors[0]).isEqualTo(RUNS * ((RESULTS_PER_RUN + 2) / 3));
    assertThat(report.analyses()).extracting(AnalysisSummary::category).containsOnly("gen/");
    assertThat(probes[0]).as("heap sampled mid-run in both passes").isEqualTo(2L * RUNS);
    assertThat(peak[0]).as("live heap growth while parsing").isLessThan(64 * MIB);
    assertThat(retained).as("heap retained after parsing").isLessThan(16 * MIB);
  }
}
