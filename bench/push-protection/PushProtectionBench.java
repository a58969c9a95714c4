import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.contracts.identity.InternalJwt;
import dev.vigil.secrets.detect.SecretScanner;
import dev.vigil.testkit.LocalPorts;
import dev.vigil.testkit.TestInfra;
import dev.vigil.testkit.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * bench/push-protection: latency of the push-protection check for one push of 100 changed files of
 * 20 KB each, as a git server's hook sends it (JSON, base64 contents, over HTTP to a secrets-service
 * process with its real PostgreSQL and Kafka), next to the engine alone scanning the same 100 files
 * in this JVM. Both are wall-clock times per push, measured alternately in the same run; the
 * difference is what the check adds (JSON and base64, settings, bypasses, block counts, HTTP).
 */
public class PushProtectionBench {

  static final int FILES = 100;
  static final int FILE_BYTES = 20 * 1024;

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int pushes = Integer.getInteger("bench.pushes", 300);
    int warmup = Integer.getInteger("bench.warmup", 50);

    List<String> files = files(root);
    byte[] body = body(files);
    System.out.printf(
        Locale.ROOT,
        "push: %d files of %,d bytes (%d with an added GitHub token), request body %,d bytes%n",
        files.size(),
        FILE_BYTES,
        files.stream().filter(f -> f.contains("GITHUB_TOKEN=ghp_")).count(),
        body.length);

    TestInfra.ensureStarted();
    Path work = Files.createTempDirectory("vigil-push-bench-");
    Process service = start(root, work);
    try {
      int port = Integer.parseInt(Files.readString(work.resolve("port")).strip());
      awaitReady(service, port, work.resolve("secrets-service.log"));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String token =
          TestTokens.forAudience("secrets-service")
              .tenant(UUID.randomUUID())
              .tenantSlug("bench")
              .scopes("scan")
              .expiresIn(Duration.ofHours(2))
              .sign();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/push-protection/check"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      SecretScanner engine = SecretScanner.standard();

      HttpResponse<String> first = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (first.statusCode() != 200 || !first.body().contains("\"allowed\":false")) {
        throw new IllegalStateException("unexpected answer " + first.statusCode() + ": " + first.body());
      }
      int blocked = new ObjectMapper().readTree(first.body()).get("blocked").size();

      List<Long> checkNanos = new ArrayList<>();
      List<Long> engineNanos = new ArrayList<>();
      long findings = 0;
      for (int i = 0; i < warmup + pushes; i++) {
        long t0 = System.nanoTime();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        long t1 = System.nanoTime();
        if (answer.statusCode() != 200) {
          throw new IllegalStateException("HTTP " + answer.statusCode() + ": " + answer.body());
        }
        long n = 0;
        long t2 = System.nanoTime();
        for (String file : files) {
          n += engine.scan(file).size();
        }
        long t3 = System.nanoTime();
        if (i >= warmup) {
          checkNanos.add(t1 - t0);
          engineNanos.add(t3 - t2);
          findings = n;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%d pushes measured after %d warm-up ones; the check blocks %d secrets, the engine finds"
              + " %d%n%n",
          pushes,
          warmup,
          blocked,
          findings);
      System.out.printf(Locale.ROOT, "  %-46s %9s %9s%n", "", "p50 ms", "p99 ms");
      double[] check = percentiles(checkNanos);
      double[] alone = percentiles(engineNanos);
      System.out.printf(
          Locale.ROOT,
          "  %-46s %9.1f %9.1f%n",
          "baseline: engine alone, same 100 files",
          alone[0],
          alone[1]);
      System.out.printf(
          Locale.ROOT,
          "  %-46s %9.1f %9.1f%n",
          "POST /v1/push-protection/check over HTTP",
          check[0],
          check[1]);
      System.out.printf(
          Locale.ROOT,
          "  %-46s %9.1f %9.1f   (ratio p50 %.2fx, aim: p99 added <= 50 ms)%n",
          "added by the check",
          check[0] - alone[0],
          check[1] - alone[1],
          check[0] / alone[0]);
    } finally {
      service.destroy();
      service.waitFor();
    }
  }

  /** 100 files of 20 KB from the project's own Java sources; every tenth has a GitHub token. */
  static List<String> files(Path root) throws IOException {
    StringBuilder all = new StringBuilder();
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(root.resolve("secrets-service/src/main/java"))) {
      sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path p : sources) {
      all.append(Files.readString(p));
    }
    while (all.length() < FILES * FILE_BYTES) {
      all.append(all, 0, Math.min(all.length(), FILES * FILE_BYTES - all.length()));
    }
    List<String> files = new ArrayList<>();
    Random random = new Random(14);
    for (int i = 0; i < FILES; i++) {
      String chunk = all.substring(i * FILE_BYTES, (i + 1) * FILE_BYTES);
      if (i % 10 == 3) {
        int at = chunk.indexOf('\n', FILE_BYTES / 2) + 1;
        chunk = chunk.substring(0, at) + "GITHUB_TOKEN=" + githubToken(random) + "\n" + chunk.substring(at);
      }
      files.add(chunk);
    }
    return files;
  }

  static byte[] body(List<String> files) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode push = json.createObjectNode();
    push.put("repository", "bench-org/app");
    push.put("ref", "refs/heads/main");
    ArrayNode commits = push.putArray("commits");
    for (int c = 0; c < 10; c++) {
      ObjectNode commit = commits.addObject();
      commit.put("sha", String.format(Locale.ROOT, "%040x", c + 1));
      ArrayNode changed = commit.putArray("files");
      for (int f = c * 10; f < c * 10 + 10; f++) {
        changed
            .addObject()
            .put("path", "src/file" + f + ".java")
            .put("encoding", "base64")
            .put(
                "content",
                Base64.getEncoder().encodeToString(files.get(f).getBytes(StandardCharsets.UTF_8)));
      }
    }
    return json.writeValueAsBytes(push);
  }

  static String githubToken(Random random) {
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      body.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    CRC32 crc = new CRC32();
    crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] check = new char[6];
    for (int i = 5; i >= 0; i--) {
      check[i] = alphabet.charAt((int) (value % 62));
      value /= 62;
    }
    return "ghp_" + body + new String(check);
  }

  static double[] percentiles(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return new double[] {
      sorted.get((int) Math.floor(0.50 * (sorted.size() - 1))) / 1e6,
      sorted.get((int) Math.floor(0.99 * (sorted.size() - 1))) / 1e6
    };
  }

  static Process start(Path root, Path work) throws IOException {
    Path jar = root.resolve("secrets-service/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("build secrets-service first: " + jar + " is missing");
    }
    String database = TestInfra.createDatabase();
    int port = LocalPorts.freePort();
    Files.writeString(work.resolve("port"), Integer.toString(port));
    byte[] key = new byte[32];
    new Random().nextBytes(key);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC"));
    cmd.add("-Dquarkus.http.port=" + port);
    cmd.add("-Dquarkus.datasource.username=" + TestInfra.username());
    cmd.add("-Dquarkus.datasource.password=" + TestInfra.password());
    cmd.add("-Dquarkus.datasource.jdbc.url=" + TestInfra.jdbcUrl(database));
    cmd.add("-Dquarkus.datasource.reactive.url=" + TestInfra.reactiveUrl(database));
    cmd.add("-Dkafka.bootstrap.servers=" + TestInfra.kafkaBootstrapServers());
    cmd.add("-Dmp.jwt.verify.publickey.location=" + TestTokens.jwksLocation());
    cmd.add("-Dmp.jwt.verify.issuer=" + InternalJwt.ISSUER);
    cmd.add("-Dvigil.secrets.incidents.hash-key=" + Base64.getEncoder().encodeToString(key));
    cmd.add("-Dvigil.log.json=false");
    cmd.add("-Dquarkus.log.level=WARN");
    cmd.add("-jar");
    cmd.add(jar.toString());
    Path log = work.resolve("secrets-service.log");
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  static void awaitReady(Process process, int port, Path log) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("secrets-service exited; see " + log);
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("secrets-service not ready in time; see " + log);
  }
}
