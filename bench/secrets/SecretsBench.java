import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.secrets.detect.Finding;
import dev.vigil.secrets.detect.SecretScanner;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * bench/secrets: accuracy on labelled cases, throughput against two baselines in the same run, and
 * pathological inputs. Times are CPU time of the measuring thread (the machine may be shared), on
 * one core (the script pins the JVM with taskset).
 */
public class SecretsBench {

  static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  static final SecretScanner ENGINE = SecretScanner.standard();

  public static void main(String[] args) throws Exception {
    System.out.printf("detectors: %d%n%n", ENGINE.detectors().size());
    accuracy(Path.of(System.getProperty("bench.cases")));
    String zip = System.getProperty("bench.srcZip", "");
    if (!zip.isEmpty() && Files.isRegularFile(Path.of(zip))) {
      throughput(Path.of(zip));
    } else {
      System.out.println("throughput: skipped (no src.zip)");
    }
    pathological();
  }

  // ---------------------------------------------------------------- accuracy

  static void accuracy(Path cases) throws IOException {
    if (!Files.isRegularFile(cases)) {
      System.out.println("accuracy: skipped, " + cases + " not found");
      return;
    }
    ObjectMapper json = new ObjectMapper();
    Map<String, int[]> byProvider = new TreeMap<>();
    Map<String, int[]> byFamily = new TreeMap<>();
    int[] all = new int[3]; // tp, fn, fp
    for (String line : Files.readAllLines(cases)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode c = json.readTree(line);
      boolean expected = c.get("expected").asBoolean();
      List<Finding> found = ENGINE.scan(c.get("text").asText());
      boolean flagged = !found.isEmpty();
      String provider = c.get("rule_id").asText().split("-")[0];
      int[] p = byProvider.computeIfAbsent(provider, k -> new int[3]);
      int slot = expected ? (flagged ? 0 : 1) : (flagged ? 2 : -1);
      if (slot >= 0) {
        p[slot]++;
        all[slot]++;
      }
      if (flagged) {
        int[] f = byFamily.computeIfAbsent(found.get(0).detector().family(), k -> new int[3]);
        f[expected ? 0 : 2]++;
      }
    }
    System.out.println("accuracy on " + cases + " (a flagged case = at least one finding)");
    System.out.printf("  %-28s %6s %6s %6s %8s %9s%n", "case family (rule prefix)", "tp", "fn", "fp", "recall", "precision");
    for (Map.Entry<String, int[]> e : byProvider.entrySet()) {
      row(e.getKey(), e.getValue());
    }
    row("OVERALL", all);
    System.out.println("  precision by the GitGuardian family of the reporting detector:");
    for (Map.Entry<String, int[]> e : byFamily.entrySet()) {
      int[] v = e.getValue();
      System.out.printf("  %-28s flagged %5d  precision %6.2f%%%n", e.getKey(), v[0] + v[2], 100.0 * v[0] / Math.max(1, v[0] + v[2]));
    }
    System.out.println();
  }

  static void row(String name, int[] v) {
    double recall = v[0] + v[1] == 0 ? Double.NaN : 100.0 * v[0] / (v[0] + v[1]);
    double precision = v[0] + v[2] == 0 ? Double.NaN : 100.0 * v[0] / (v[0] + v[2]);
    System.out.printf("  %-28s %6d %6d %6d %7.2f%% %8.2f%%%n", name, v[0], v[1], v[2], recall, precision);
  }

  // ---------------------------------------------------------------- throughput

  static void throughput(Path zip) throws Exception {
    List<byte[]> bytes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (ZipEntry e : Collections.list(z.entries())) {
        if (!e.isDirectory()) {
          bytes.add(z.getInputStream(e).readAllBytes());
          names.add(e.getName());
        }
      }
    }
    List<String> texts = bytes.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    long total = bytes.stream().mapToLong(b -> b.length).sum();
    System.out.printf("throughput over %s: %,d files, %.1f MB (CPU time of one thread, best of 3)%n", zip, bytes.size(), total / 1e6);

    double newline = best(3, () -> {
      long lines = 0;
      for (byte[] b : bytes) {
        for (byte x : b) {
          if (x == '\n') {
            lines++;
          }
        }
      }
      return lines;
    });
    Map<String, Integer> detectors = new TreeMap<>();
    int[] findings = new int[1];
    double engine = best(3, () -> {
      long n = 0;
      for (String t : texts) {
        n += ENGINE.scan(t).size();
      }
      findings[0] = (int) n;
      return n;
    });
    for (String t : texts) {
      for (Finding f : ENGINE.scan(t)) {
        detectors.merge(f.detector().name(), 1, Integer::sum);
      }
    }
    System.out.printf("  baseline, count newlines     %8.1f MB/s%n", total / 1e6 / newline);
    System.out.printf("  vigil engine, %d detectors  %8.1f MB/s   (%.1f%% of the newline baseline; %d findings: %s)%n",
        ENGINE.detectors().size(), total / 1e6 / engine, 100 * newline / engine, findings[0], detectors);
    if (total / 1e6 / engine < 100) {
      System.out.println("  below the 100 MB/s aim; profile of the engine's hottest frames:");
      profile(texts);
    }
    peer(names, bytes);
    System.out.println();
  }

  interface Work {
    long run() throws Exception;
  }

  static double best(int times, Work work) throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < times; i++) {
      long start = CPU.getCurrentThreadCpuTime();
      work.run();
      best = Math.min(best, (CPU.getCurrentThreadCpuTime() - start) / 1e9);
    }
    return best;
  }

  /** Samples the scanning thread's top frames every few milliseconds. */
  static void profile(List<String> texts) throws Exception {
    Thread worker = new Thread(() -> texts.forEach(ENGINE::scan));
    Map<String, Integer> top = new HashMap<>();
    worker.start();
    while (worker.isAlive()) {
      StackTraceElement[] stack = worker.getStackTrace();
      if (stack.length > 0) {
        top.merge(stack[0].getClassName() + "." + stack[0].getMethodName(), 1, Integer::sum);
      }
      TimeUnit.MILLISECONDS.sleep(2);
    }
    top.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(12)
        .forEach(e -> System.out.printf("    %6d  %s%n", e.getValue(), e.getKey()));
  }

  /** secretlint (recommended preset) over every n-th file, and the engine over the same files. */
  static void peer(List<String> names, List<byte[]> bytes) throws Exception {
    if (System.getProperty("bench.peer", "1").equals("0")) {
      System.out.println("  secretlint: skipped (BENCH_PEER=0)");
      return;
    }
    Path bin = Path.of(System.getProperty("bench.peerDir"), "node_modules", ".bin", "secretlint");
    if (!Files.isExecutable(bin)) {
      System.out.println("  secretlint: not installed (npm unavailable?); peer baseline skipped");
      return;
    }
    int every = Integer.parseInt(System.getProperty("bench.peerEvery", "10"));
    Path dir = Path.of(System.getProperty("bench.work"), "jdk-src-sample");
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    List<String> sample = new ArrayList<>();
    long sampleBytes = 0;
    for (int i = 0; i < names.size(); i += every) {
      Path file = dir.resolve(names.get(i));
      Files.createDirectories(file.getParent());
      Files.write(file, bytes.get(i));
      sample.add(new String(bytes.get(i), StandardCharsets.UTF_8));
      sampleBytes += bytes.get(i).length;
    }
    Files.writeString(dir.resolve(".secretlintrc.json"), "{\"rules\":[{\"id\":\"@secretlint/secretlint-rule-preset-recommend\"}]}");
    ProcessBuilder pb = new ProcessBuilder("bash", "-c",
        "cd '" + dir + "' && TIMEFORMAT='%U %S'; { time '" + bin + "' '**/*' --format json --output '" + dir.resolveSibling("secretlint-out.json") + "' >/dev/null 2>&1 ; } 2>&1 | tail -1");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor();
    String[] parts = out.split("\\s+");
    double peerCpu = Double.parseDouble(parts[0]) + Double.parseDouble(parts[1]);
    double engine = best(3, () -> {
      long n = 0;
      for (String t : sample) {
        n += ENGINE.scan(t).size();
      }
      return n;
    });
    System.out.printf("  same 1-in-%d sample (%,d files, %.1f MB): secretlint %.1f MB/s (CPU %.1fs), vigil engine %.1f MB/s → %.1fx%n",
        every, sample.size(), sampleBytes / 1e6, sampleBytes / 1e6 / peerCpu, peerCpu, sampleBytes / 1e6 / engine, peerCpu / engine);
  }

  // ---------------------------------------------------------------- pathological

  static void pathological() throws Exception {
    int mb = 1 << 20;
    StringBuilder base64 = new StringBuilder(mb);
    Random random = new Random(1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    while (base64.length() < mb) {
      base64.append(alphabet.charAt(random.nextInt(64)));
    }
    StringBuilder nearMiss = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      nearMiss.append("ghp_").append(Integer.toString(i, 36)).append("ZZZZZZZZZZZZZZZZZZZZZZZZ!\n");
    }
    Map<String, String> inputs = new java.util.LinkedHashMap<>();
    inputs.put("1 MB of 'a'", "a".repeat(mb));
    inputs.put("one 1 MB base64 line", base64.toString());
    inputs.put("100,000 'password=' lines", "password=\n".repeat(100_000));
    inputs.put("10,000 near-miss ghp_ prefixes", nearMiss.toString());
    System.out.println("pathological inputs (CPU ms, best of 3):");
    for (Map.Entry<String, String> e : inputs.entrySet()) {
      String text = e.getValue();
      double s = best(3, () -> ENGINE.scan(text).size());
      System.out.printf("  %-34s %8.1f ms  (%.1f MB/s, %d findings)%n", e.getKey(), s * 1000, text.length() / 1e6 / s, ENGINE.scan(text).size());
    }
  }
}
