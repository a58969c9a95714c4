import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.EventSources;
import dev.vigil.contracts.events.EventType;
import dev.vigil.contracts.events.Topics;
import dev.vigil.contracts.events.repos.RepoEvent;
import dev.vigil.contracts.identity.InternalJwt;
import dev.vigil.testkit.LocalPorts;
import dev.vigil.testkit.TestInfra;
import dev.vigil.testkit.TestTokens;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * SARIF end-to-end benchmark (see README.md): a generated 25,000-result SARIF uploaded to a real
 * scanning-service process (the quarkus-app build, started as ./vigil up starts it) on real
 * PostgreSQL and Kafka (the test kit's), timed from the POST to processing_status "complete";
 * against a baseline in the same run on the same PostgreSQL: a plain Jackson streaming parse of
 * the same file plus a COPY of the same number of rows.
 */
public class SarifBench {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int results = Integer.getInteger("bench.results", 25_000);
    int runs = Integer.getInteger("bench.runs", 5);
    int repeats = Integer.getInteger("bench.repeats", 5);
    int warmups = Integer.getInteger("bench.warmups", 2);
    if (repeats < 1 || warmups < 0) {
      throw new IllegalArgumentException("bench.repeats >= 1 and bench.warmups >= 0");
    }
    Path work = Files.createTempDirectory("vigil-sarif-bench-");

    Path sarif = work.resolve("bench.sarif");
    generate(sarif, results, runs, 0);
    Path warm = work.resolve("warmup.sarif");
    generate(warm, Math.min(results, 5_000), 1, 1);
    byte[] sarifGzip = gzip(Files.readAllBytes(sarif));
    System.out.printf(
        Locale.ROOT,
        "SARIF: %,d results in %d run(s), %,d bytes (%,d gzip)%n",
        results,
        runs,
        Files.size(sarif),
        sarifGzip.length);

    TestInfra.ensureStarted();
    String database = TestInfra.createDatabase();
    int port = LocalPorts.freePort();
    Path log = work.resolve("scanning-service.log");
    Process service = startService(root, database, port, log);
    try {
      String base = "http://127.0.0.1:" + port;
      awaitReady(base, service, log);
      UUID tenant = UUID.randomUUID();
      String token =
          TestTokens.forAudience("scanning-service")
              .tenant(tenant)
              .scopes("security_events")
              .expiresIn(Duration.ofHours(2))
              .sign();
      HttpClient http = HttpClient.newHttpClient();

      // Warm-up (JIT, caches, PostgreSQL's buffers) for the service and the baseline alike, at
      // full size, discarded: the baseline warms up much faster than the service, so early pairs
      // would make the ratio drift down run after run.
      connect(tenant, "bench/warmup", base, token, http);
      e2e(http, base, token, "bench/warmup", gzip(Files.readAllBytes(warm)), service);
      baseline(warm, database, "warmup");
      for (int i = 0; i < warmups; i++) {
        String repo = "bench/warm-" + i;
        connect(tenant, repo, base, token, http);
        awaitOutboxDrained(database);
        long svcMs = e2e(http, base, token, repo, sarifGzip, service).millis();
        long baseMs = baseline(sarif, database, "warm" + i);
        System.out.printf(
            Locale.ROOT,
            "  warm-up %d (discarded): service %,d ms, baseline %,d ms, ratio %.2f%n",
            i + 1,
            svcMs,
            baseMs,
            svcMs / (double) baseMs);
      }

      // Measured pairs, interleaved: the order within a pair alternates, so neither side always
      // runs right after the other's load.
      List<Long> serviceMs = new ArrayList<>();
      List<Long> baselineMs = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      long peakRss = 0;
      for (int i = 0; i < repeats; i++) {
        String repo = "bench/repo-" + i;
        connect(tenant, repo, base, token, http);
        // The previous upload's alert events may still be on their way to Kafka; measure each pair
        // on a drained outbox so the background relay does not load one side only.
        awaitOutboxDrained(database);
        Result r;
        long baseMs;
        if (i % 2 == 0) {
          r = e2e(http, base, token, repo, sarifGzip, service);
          baseMs = baseline(sarif, database, "run" + i);
        } else {
          baseMs = baseline(sarif, database, "run" + i);
          r = e2e(http, base, token, repo, sarifGzip, service);
        }
        serviceMs.add(r.millis());
        baselineMs.add(baseMs);
        ratios.add(r.millis() / (double) baseMs);
        peakRss = Math.max(peakRss, r.peakRssKb());
        System.out.printf(
            Locale.ROOT,
            "  pair %d (%s first): service %,d ms (peak RSS %,d MiB), baseline %,d ms, ratio %.2f%n"
                + "    %s%n",
            i + 1,
            i % 2 == 0 ? "service" : "baseline",
            r.millis(),
            r.peakRssKb() / 1024,
            baseMs,
            ratios.get(i),
            breakdown(log, r.id()));
      }
      long svc = median(serviceMs);
      long base0 = median(baselineMs);
      List<Double> sortedRatios = new ArrayList<>(ratios);
      sortedRatios.sort(null);
      double medianRatio = medianOf(sortedRatios);
      long hwm = status(service.pid(), "VmHWM:");
      System.out.println();
      System.out.printf(Locale.ROOT, "results                     %,d%n", results);
      System.out.printf(
          Locale.ROOT,
          "service  upload → complete  %,d ms   %,.0f results/s (median of %d; range %,d–%,d)%n",
          svc,
          results * 1000.0 / svc,
          repeats,
          serviceMs.stream().mapToLong(Long::longValue).min().orElse(0),
          serviceMs.stream().mapToLong(Long::longValue).max().orElse(0));
      System.out.printf(
          Locale.ROOT,
          "baseline parse + COPY       %,d ms   %,.0f results/s (median of %d; range %,d–%,d)%n",
          base0,
          results * 1000.0 / base0,
          repeats,
          baselineMs.stream().mapToLong(Long::longValue).min().orElse(0),
          baselineMs.stream().mapToLong(Long::longValue).max().orElse(0));
      System.out.printf(
          Locale.ROOT,
          "ratio service / baseline    median %.2f of %d per-pair ratios (aim <= 3);"
              + " spread: min %.2f, quartiles %.2f–%.2f, max %.2f (after %d discarded warm-up"
              + " pairs)%n",
          medianRatio,
          repeats,
          sortedRatios.get(0),
          quantile(sortedRatios, 0.25),
          quantile(sortedRatios, 0.75),
          sortedRatios.get(sortedRatios.size() - 1),
          warmups);
      System.out.printf(
          Locale.ROOT,
          "service peak RSS            %,d MiB during uploads, %,d MiB high-water mark"
              + " (-Xms64m -Xmx384m -XX:+UseSerialGC, as ./vigil up)%n",
          peakRss / 1024,
          hwm / 1024);
      System.out.printf(
          Locale.ROOT,
          "service live heap           at most %,d MiB after any GC (gc log: %s)%n",
          maxHeapAfterGc(log.resolveSibling("gc.log")),
          log.resolveSibling("gc.log"));
      System.out.println("service log: " + log);
    } finally {
      service.destroy();
      if (!service.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    }
  }

  record Result(String id, long millis, long peakRssKb) {}

  /** Upload → complete, polling the status; samples the service's RSS meanwhile. */
  static Result e2e(
      HttpClient http, String base, String token, String repo, byte[] gzip, Process service)
      throws Exception {
    String body =
        JSON.writeValueAsString(
            java.util.Map.of(
                "commit_sha", SHA,
                "ref", "refs/heads/main",
                "sarif", Base64.getEncoder().encodeToString(gzip)));
    long peak = 0;
    long t0 = System.nanoTime();
    HttpResponse<String> accepted =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/repos/" + repo + "/code-scanning/sarifs"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (accepted.statusCode() != 202) {
      throw new IllegalStateException("upload answered " + accepted.statusCode() + ": " + accepted.body());
    }
    String id = JSON.readTree(accepted.body()).path("id").asText();
    URI status = URI.create(base + "/repos/" + repo + "/code-scanning/sarifs/" + id);
    while (true) {
      peak = Math.max(peak, status(service.pid(), "VmRSS:"));
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(status).header("Authorization", "Bearer " + token).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode node = JSON.readTree(r.body());
      String state = node.path("processing_status").asText();
      if (state.equals("complete")) {
        return new Result(id, (System.nanoTime() - t0) / 1_000_000, peak);
      }
      if (!state.equals("pending")) {
        throw new IllegalStateException("upload " + id + " ended " + r.body());
      }
      Thread.sleep(20);
    }
  }

  /**
   * The baseline: a Jackson streaming parse of the file taking what a result row needs (rule,
   * level, message, uri, line, fingerprint) and a COPY of one row per result into a fresh table of
   * the same database.
   */
  static long baseline(Path sarif, String database, String table) throws Exception {
    Properties props = new Properties();
    props.setProperty("user", TestInfra.username());
    props.setProperty("password", TestInfra.password());
    try (Connection c = new org.postgresql.Driver().connect(TestInfra.jdbcUrl(database), props)) {
      String name = "baseline_" + table;
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE "
                + name
                + " (ordinal integer, rule_id text, level text, message text, uri text,"
                + " start_line integer, fingerprint text)");
      }
      long t0 = System.nanoTime();
      c.setAutoCommit(false);
      CopyIn copy =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn("COPY " + name + " FROM STDIN");
      StringBuilder row = new StringBuilder();
      int[] count = {0};
      try (InputStream in = Files.newInputStream(sarif);
          JsonParser p = new JsonFactory().createParser(in)) {
        String[] fields = new String[6];
        int depth = 0;
        boolean inResults = false;
        int resultDepth = -1;
        String lastField = null;
        JsonToken t;
        while ((t = p.nextToken()) != null) {
          switch (t) {
            case START_OBJECT, START_ARRAY -> {
              depth++;
              if (t == JsonToken.START_ARRAY && "results".equals(lastField)) {
                inResults = true;
                resultDepth = depth + 1;
              } else if (inResults && t == JsonToken.START_OBJECT && depth == resultDepth) {
                java.util.Arrays.fill(fields, null);
              }
            }
            case END_OBJECT, END_ARRAY -> {
              if (inResults && t == JsonToken.END_OBJECT && depth == resultDepth) {
                row.setLength(0);
                row.append(count[0]++);
                for (String f : fields) {
                  row.append('\t').append(f == null ? "\\N" : escape(f));
                }
                row.append('\n');
                byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
              }
              if (inResults && t == JsonToken.END_ARRAY && depth == resultDepth - 1) {
                inResults = false;
              }
              depth--;
            }
            case FIELD_NAME -> lastField = p.currentName();
            case VALUE_STRING, VALUE_NUMBER_INT -> {
              if (inResults) {
                switch (lastField) {
                  case "ruleId" -> fields[0] = p.getText();
                  case "level" -> fields[1] = p.getText();
                  case "text" -> fields[2] = fields[2] == null ? p.getText() : fields[2];
                  case "uri" -> fields[3] = p.getText();
                  case "startLine" -> fields[4] = p.getText();
                  case "primaryLocationLineHash" -> fields[5] = p.getText();
                  default -> {}
                }
              }
            }
            default -> {}
          }
        }
      }
      copy.endCopy();
      c.commit();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (count[0] == 0) {
        throw new IllegalStateException("baseline found no results");
      }
      return ms;
    }
  }

  static void awaitOutboxDrained(String database) throws Exception {
    Properties props = new Properties();
    props.setProperty("user", TestInfra.username());
    props.setProperty("password", TestInfra.password());
    try (Connection c = new org.postgresql.Driver().connect(TestInfra.jdbcUrl(database), props);
        Statement s = c.createStatement()) {
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        try (var r = s.executeQuery("SELECT count(*) FROM outbox_event WHERE published_at IS NULL")) {
          r.next();
          if (r.getLong(1) == 0) {
            return;
          }
        }
        Thread.sleep(100);
      }
    }
  }

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }

  /** A SARIF log shaped like a real scanner's: rules with metadata, results with locations. */
  static void generate(Path file, int results, int runs, int seed) throws IOException {
    int perRun = results / runs;
    try (Writer w = new BufferedWriter(Files.newBufferedWriter(file), 1 << 16)) {
      w.write("{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[");
      for (int run = 0; run < runs; run++) {
        if (run > 0) {
          w.write(',');
        }
        w.write("{\"tool\":{\"driver\":{\"name\":\"BenchScanner\",\"semanticVersion\":\"1.2.3\",\"rules\":[");
        for (int r = 0; r < 50; r++) {
          if (r > 0) {
            w.write(',');
          }
          w.write(
              "{\"id\":\"bench/rule-"
                  + r
                  + "\",\"name\":\"BenchRule"
                  + r
                  + "\",\"shortDescription\":{\"text\":\"Rule "
                  + r
                  + " finds problem "
                  + r
                  + "\"},\"fullDescription\":{\"text\":\"A longer description of rule "
                  + r
                  + " and why it matters.\"},\"help\":{\"text\":\"Fix it.\",\"markdown\":\"# Rule "
                  + r
                  + "\\nFix it.\"},\"defaultConfiguration\":{\"level\":\""
                  + (r % 3 == 0 ? "error" : r % 3 == 1 ? "warning" : "note")
                  + "\"},\"properties\":{\"tags\":[\"security\",\"external/cwe/cwe-"
                  + (100 + r)
                  + "\"],\"security-severity\":\""
                  + (1 + r % 9)
                  + ".5\"}}");
        }
        w.write("]}},\"automationDetails\":{\"id\":\"bench/part-" + run + "/" + seed + "\"},\"results\":[");
        for (int i = 0; i < perRun; i++) {
          if (i > 0) {
            w.write(',');
          }
          int rule = (i * 7 + run) % 50;
          int module = i / 25;
          int line = 10 + (i % 25) * 7;
          w.write(
              "{\"ruleId\":\"bench/rule-"
                  + rule
                  + "\",\"ruleIndex\":"
                  + rule
                  + ",\"message\":{\"text\":\"Problem "
                  + rule
                  + " found in handler "
                  + i
                  + " of module "
                  + module
                  + ".\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"src/module"
                  + module
                  + "/Handler"
                  + (i % 25)
                  + ".java\",\"uriBaseId\":\"%SRCROOT%\"},\"region\":{\"startLine\":"
                  + line
                  + ",\"startColumn\":5,\"endLine\":"
                  + (line + 1)
                  + ",\"endColumn\":30}}}],\"partialFingerprints\":{\"primaryLocationLineHash\":\""
                  + Long.toHexString(((long) seed << 40) ^ ((long) run << 32) ^ (i * 2654435761L))
                  + ":1\"}}");
        }
        w.write("]}");
      }
      w.write("]}");
    }
  }

  static Process startService(Path root, String database, int port, Path log) throws IOException {
    Path jar = root.resolve("scanning-service/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("build scanning-service first: " + jar + " is missing");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC"));
    cmd.add("-Xlog:gc:file=" + log.resolveSibling("gc.log"));
    // Extra JVM options for the service, e.g. BENCH_SERVICE_JVM_ARGS=-XX:StartFlightRecording=...
    String extra = System.getProperty("bench.serviceJvmArgs", "").trim();
    if (!extra.isEmpty()) {
      cmd.addAll(List.of(extra.split("\\s+")));
    }
    cmd.add("-Dquarkus.http.port=" + port);
    cmd.add("-Dquarkus.datasource.username=" + TestInfra.username());
    cmd.add("-Dquarkus.datasource.password=" + TestInfra.password());
    cmd.add("-Dquarkus.datasource.jdbc.url=" + TestInfra.jdbcUrl(database));
    cmd.add("-Dquarkus.datasource.reactive.url=" + TestInfra.reactiveUrl(database));
    cmd.add("-Dkafka.bootstrap.servers=" + TestInfra.kafkaBootstrapServers());
    cmd.add("-Dmp.jwt.verify.publickey.location=" + TestTokens.jwksLocation());
    cmd.add("-Dmp.jwt.verify.issuer=" + InternalJwt.ISSUER);
    cmd.add("-Dvigil.log.json=false");
    cmd.add("-Dquarkus.log.category.\"dev.vigil.scanning.service\".level=DEBUG");
    cmd.add("-jar");
    cmd.add(jar.toString());
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  static void awaitReady(String base, Process service, Path log) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!service.isAlive()) {
        throw new IllegalStateException("scanning-service exited; see " + log);
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("scanning-service not ready in time; see " + log);
  }

  /** Makes the repository known the way repo-config does, and waits until it is. */
  static void connect(UUID tenant, String fullName, String base, String token, HttpClient http)
      throws Exception {
    String connection = "rc_bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    RepoEvent data =
        new RepoEvent(
            connection,
            UUID.randomUUID(),
            RepoEvent.Platform.GITHUB,
            fullName,
            null,
            "main",
            RepoEvent.Visibility.PRIVATE,
            30,
            List.of());
    CloudEvent<RepoEvent> event =
        CloudEvent.of(EventType.REPO_CONNECTED, EventSources.REPO_CONFIG, connection, tenant, data);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(Topics.REPOS, connection, EventJson.write(event))).get();
    }
    URI uri = URI.create(base + "/repos/" + fullName + "/code-scanning/analyses");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(fullName + " never became known");
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** A /proc/PID/status field in kB (VmRSS, VmHWM), 0 if unavailable. */
  static long status(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /** The service's own account of an upload (DEBUG lines of the events package). */
  static String breakdown(Path log, String id) throws IOException {
    String queued = "?";
    String parts = "?";
    for (String line : Files.readAllLines(log)) {
      if (!line.contains(id)) {
        continue;
      }
      int at = line.indexOf(id + ": ");
      String text = at < 0 ? line : line.substring(at + id.length() + 2);
      // A JSON log line goes on after the message with its other fields ("mdc", ...).
      int end = text.indexOf("\",\"");
      if (end >= 0) {
        text = text.substring(0, end);
      }
      if (text.startsWith("started locally: PROCESSED")) {
        // Processed by the replica that stored it (LocalStart), ahead of the Kafka work item.
        queued = "local start";
      } else if (text.startsWith("work item received") && !queued.equals("local start")) {
        queued = text.replace("work item received ", "").replace(" after the upload", "");
      } else if (text.startsWith("parse ")) {
        parts = text;
      }
    }
    return "stored → worker " + queued + "; " + parts;
  }

  /** Largest heap occupancy right after a collection, in MiB, from -Xlog:gc output. */
  static long maxHeapAfterGc(Path gcLog) throws IOException {
    long max = 0;
    if (!Files.exists(gcLog)) {
      return 0;
    }
    java.util.regex.Pattern p = java.util.regex.Pattern.compile("->(\\d+)M\\(");
    for (String line : Files.readAllLines(gcLog)) {
      java.util.regex.Matcher m = p.matcher(line);
      if (m.find()) {
        max = Math.max(max, Long.parseLong(m.group(1)));
      }
    }
    return max;
  }

  /** Median of an already sorted list. */
  static double medianOf(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Linear-interpolated quantile of an already sorted list. */
  static double quantile(List<Double> sorted, double q) {
    double pos = q * (sorted.size() - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo);
  }

  static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
