import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.contracts.events.CloudEvent;
import dev.vigil.contracts.events.EventJson;
import dev.vigil.contracts.events.Topics;
import dev.vigil.system.ServiceNames;
import dev.vigil.system.VigilSystem;
import dev.vigil.testkit.TestInfra;
import dev.vigil.testkit.sarif.SarifSamples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End to end over the five services (see run): upload accepted -> code-scanning-alert.created
 * consumed, against a bare Kafka round trip through the same consumer as the baseline; sustained
 * uploads/s; each service's RSS at rest and start-up time. Prints a table.
 */
public final class E2eBench {

  private static final String BASELINE_TOPIC = "bench.e2e.baseline";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** When each awaited key (a tool name, or a baseline record key) was consumed, in nanos. */
  private static final Map<String, Long> CONSUMED = new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    int uploads = Integer.getInteger("bench.uploads", 300);
    int rate = Integer.getInteger("bench.rate", 5);
    int burst = Integer.getInteger("bench.burst", 200);
    int senders = Integer.getInteger("bench.senders", 8);

    System.out.println("bench/e2e: starting PostgreSQL, Kafka and the five services");
    long t0 = System.nanoTime();
    VigilSystem system = VigilSystem.get();
    System.out.printf("bench/e2e: suite ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    String token = system.devToken();
    String repo = "acme/e2e-" + UUID.randomUUID().toString().substring(0, 8);
    connect(system, token, system.devProject(), repo);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers()))) {
      if (!admin.listTopics().names().get().contains(BASELINE_TOPIC)) {
        admin.createTopics(List.of(new NewTopic(BASELINE_TOPIC, 1, (short) 1))).all().get();
      }
    }

    AtomicBoolean running = new AtomicBoolean(true);
    Thread consumer = Thread.ofPlatform().name("e2e-consumer").start(() -> consume(repo, running));
    Thread.sleep(3000); // the consumer holds its partitions, positioned at the ends

    // Baseline: a record produced here, consumed by the same consumer.
    double[] baseline;
    try (KafkaProducer<String, byte[]> producer = producer()) {
      baseline = new double[Math.min(uploads, 200)];
      for (int i = 0; i < baseline.length; i++) {
        String key = "baseline-" + i;
        long sent = System.nanoTime();
        producer.send(new ProducerRecord<>(BASELINE_TOPIC, key, new byte[64])).get();
        baseline[i] = (awaitConsumed(key, Duration.ofSeconds(30)) - sent) / 1e6;
        Thread.sleep(1000 / Math.max(1, rate));
      }
    }

    // Warm-up, then latency: one upload at a time at a fixed rate.
    for (int i = 0; i < 20; i++) {
      String tool = "Warm" + i;
      upload(system, token, repo, tool);
      awaitConsumed(tool, Duration.ofSeconds(60));
    }
    double[] latency = new double[uploads];
    long interval = TimeUnit.SECONDS.toNanos(1) / Math.max(1, rate);
    long next = System.nanoTime();
    List<long[]> accepted = new ArrayList<>();
    for (int i = 0; i < uploads; i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      next += interval;
      upload(system, token, repo, "Lat" + i);
      accepted.add(new long[] {i, System.nanoTime()});
    }
    for (long[] a : accepted) {
      long consumed = awaitConsumed("Lat" + a[0], Duration.ofSeconds(120));
      latency[(int) a[0]] = (consumed - a[1]) / 1e6;
    }

    // Sustained: a burst from several senders, until the last created event is consumed.
    long burstStart = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    List<Future<?>> sent = new ArrayList<>();
    for (int i = 0; i < burst; i++) {
      String tool = "Burst" + i;
      sent.add(pool.submit(() -> upload(system, token, repo, tool)));
    }
    for (Future<?> f : sent) {
      f.get(5, TimeUnit.MINUTES);
    }
    double acceptedPerSecond = burst / ((System.nanoTime() - burstStart) / 1e9);
    long last = 0;
    for (int i = 0; i < burst; i++) {
      last = Math.max(last, awaitConsumed("Burst" + i, Duration.ofMinutes(5)));
    }
    pool.shutdownNow();
    double processedPerSecond = burst / ((last - burstStart) / 1e9);
    running.set(false);
    consumer.join(10_000);

    // At rest: 15 s without requests, then each service's resident set; then start-up times.
    Thread.sleep(15_000);
    Map<String, Long> rssMb = new LinkedHashMap<>();
    for (String name : ServiceNames.ALL) {
      rssMb.put(name, rssKb(system.service(name).process().pid()) / 1024);
    }
    Map<String, Double> startSeconds = new LinkedHashMap<>();
    for (String name : ServiceNames.ALL) {
      long start = System.nanoTime();
      system.restart(name);
      startSeconds.put(name, (System.nanoTime() - start) / 1e9);
    }

    double[] base = sorted(baseline);
    double[] e2e = sorted(latency);
    System.out.println();
    System.out.printf(
        "bench/e2e (%d uploads at %d/s; %d cores; load %.1f)%n",
        uploads,
        rate,
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.println("| measure                                   |      p50 |      p99 |");
    System.out.println("|-------------------------------------------|---------:|---------:|");
    System.out.printf(
        "| upload accepted -> alert.created consumed | %5.0f ms | %5.0f ms |%n",
        pct(e2e, 50), pct(e2e, 99));
    System.out.printf(
        "| baseline: Kafka produce -> consume        | %5.1f ms | %5.1f ms |%n",
        pct(base, 50), pct(base, 99));
    System.out.printf(
        "| ratio e2e / baseline                      | %7.1fx | %7.1fx |%n",
        pct(e2e, 50) / pct(base, 50), pct(e2e, 99) / pct(base, 99));
    System.out.printf(
        "%nsustained: %d uploads from %d senders: accepted %.1f/s, processed to event %.1f/s%n",
        burst, senders, acceptedPerSecond, processedPerSecond);
    System.out.println();
    System.out.println("| service              | RSS at rest | start-up (kill+start to ready) |");
    System.out.println("|----------------------|------------:|-------------------------------:|");
    for (String name : ServiceNames.ALL) {
      System.out.printf(
          "| %-20s | %8d MB | %28.1f s |%n", name, rssMb.get(name), startSeconds.get(name));
    }
    System.out.printf(
        "%naims: p99 <= 2000 ms: %s; RSS <= 250 MB each: %s%n",
        pct(e2e, 99) <= 2000 ? "met" : "NOT met",
        rssMb.values().stream().allMatch(v -> v <= 250) ? "met" : "NOT met");
    System.exit(0);
  }

  private static void consume(String repo, AtomicBoolean running) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.ALERTS, BASELINE_TOPIC)) {
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .forEach(partitions::add);
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          long now = System.nanoTime();
          if (record.topic().equals(BASELINE_TOPIC)) {
            CONSUMED.putIfAbsent(record.key(), now);
            continue;
          }
          CloudEvent<JsonNode> event = EventJson.readTree(record.value());
          if ("code-scanning-alert.created".equals(event.type())
              && repo.equals(event.data().path("repository").asText())) {
            CONSUMED.putIfAbsent(event.data().path("toolName").asText(), now);
          }
        }
      }
    }
  }

  private static long awaitConsumed(String key, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      Long at = CONSUMED.get(key);
      if (at != null) {
        return at;
      }
      Thread.sleep(1);
    }
    throw new IllegalStateException(key + " was not consumed within " + within);
  }

  private static Void upload(VigilSystem system, String token, String repo, String tool)
      throws Exception {
    String sarif =
        SarifSamples.sarif(
            tool,
            null,
            List.of(SarifSamples.rule(tool + "/rule", "error", "8.0")),
            SarifSamples.results(tool + "/rule", tool.toLowerCase() + "-", 1));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("commit_sha", "0123456789abcdef0123456789abcdef01234567");
    body.put("ref", "refs/heads/main");
    body.put("sarif", SarifSamples.encode(sarif));
    HttpResponse<String> r =
        send(
            system.gatewayUrl() + "/repos/" + repo + "/code-scanning/sarifs",
            "token " + token,
            null,
            JSON.writeValueAsString(body));
    if (r.statusCode() != 202) {
      throw new IllegalStateException("upload " + tool + ": " + r.statusCode() + " " + r.body());
    }
    return null;
  }

  private static void connect(VigilSystem system, String token, String project, String repo)
      throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("platform", "github");
    body.put("credentials", Map.of("token", "ghp_" + UUID.randomUUID().toString().replace("-", "")));
    body.put("repositories", List.of(repo));
    HttpResponse<String> created =
        send(
            system.gatewayUrl() + "/v1/config/repos",
            "Bearer " + token,
            project,
            JSON.writeValueAsString(body));
    if (created.statusCode() != 201) {
      throw new IllegalStateException("connect: " + created.statusCode() + " " + created.body());
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> known =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          system.gatewayUrl() + "/repos/" + repo + "/code-scanning/analyses"))
                  .header("Authorization", "token " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (known.statusCode() == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("scanning never learned " + repo);
  }

  private static HttpResponse<String> send(
      String url, String authorization, String project, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (project != null) {
      request.header("X-Project-Id", project);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  private static long rssKb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static double[] sorted(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }

  private static double pct(double[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
