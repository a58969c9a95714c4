package dev.vigil.system.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.system.VigilSystem;
import dev.vigil.testkit.LocalPorts;
import dev.vigil.testkit.TestInfra;
import dev.vigil.testkit.sarif.SarifSamples;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Two scanning-service processes in one consumer group ({@code scanning-service-sarif}) on the same
 * database: the group spreads the SARIF work queue's partitions over both, both process uploads,
 * none is processed twice, and a kill -9 of the second hands its partitions back with nothing lost.
 * Uploads go through the gateway, which knows only the first process; a burst overflows its local
 * head start, so the Kafka path (and the second process) gets real work.
 */
@Order(Integer.MAX_VALUE - 2)
class ScanningScaleOutTest {

  private static final String GROUP = "scanning-service-sarif";
  private static final int REPOS = 6;
  private static final int UPLOADS_PER_BURST = 36;
  private static final Duration EVENTUAL = Duration.ofSeconds(150);
  private static final Pattern PROCESSED =
      Pattern.compile(
          "^vigil_scanning_upload_processing_seconds_count(?:\\{[^}]*})? ([0-9.E]+)$",
          Pattern.MULTILINE);

  @Test
  void twoReplicasShareTheQueueAndAKilledOneHandsItsPartitionsOver() throws Exception {
    VigilSystem system = VigilSystem.get();
    String token = system.devToken();
    String project = system.devProject();
    List<String> repos = new ArrayList<>();
    for (int i = 0; i < REPOS; i++) {
      String repo = "acme/scale-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
      KafkaKillDuringUploadsTest.connect(system, token, project, repo);
      repos.add(repo);
    }

    VigilSystem.Service first = system.service("scanning-service");
    Process second = startSecondReplica(first);

    try {
      awaitGroup(2);
      ConsumerGroupDescription shared = describeGroup();
      assertThat(shared.members()).hasSize(2);
      assertThat(shared.members())
          .as("each replica holds partitions")
          .allSatisfy(m -> assertThat(m.assignment().topicPartitions()).isNotEmpty());

      double firstBefore = processed(first.port());
      List<String[]> burst = burst(system, token, repos, "A");
      awaitAll(system, token, burst);
      double secondProcessed = processed(this.secondPort);
      assertThat(processed(first.port()) - firstBefore).as("processed by the first").isPositive();
      assertThat(secondProcessed).as("processed by the second replica").isPositive();

      // Kill -9 the second mid-burst: its partitions (and uncommitted events) go to the first.
      List<String[]> burstB = burst(system, token, repos, "B");
      second.destroyForcibly();
      assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
      awaitAll(system, token, burstB);
      awaitGroup(1);
      assertThat(describeGroup().members().iterator().next().assignment().topicPartitions())
          .as("the survivor holds every partition")
          .hasSize(dev.vigil.contracts.events.Topics.PARTITIONS);
    } finally {
      second.destroyForcibly();
    }

    // None processed twice: every repository has exactly one alert per result uploaded, numbered
    // without gaps.
    int perRepo = 2 * (UPLOADS_PER_BURST / REPOS);
    for (String repo : repos) {
      Response alerts =
          given()
              .header("Authorization", "token " + token)
              .queryParam("per_page", 100)
              .get(system.gatewayUrl() + "/repos/" + repo + "/code-scanning/alerts");
      assertThat(alerts.statusCode()).isEqualTo(200);
      List<Integer> numbers = alerts.jsonPath().getList("number", Integer.class);
      assertThat(numbers).as(repo).hasSize(perRepo).doesNotHaveDuplicates();
      assertThat(numbers.stream().mapToInt(Integer::intValue).max().orElse(0)).isEqualTo(perRepo);
    }
  }

  private int secondPort;

  /** The first replica's own settings, on another port, in another working directory. */
  private Process startSecondReplica(VigilSystem.Service first) throws Exception {
    Path firstDir = first.log().getParent().resolve("run").resolve(first.name());
    Properties config = new Properties();
    try (var reader = Files.newBufferedReader(firstDir.resolve("config/application.properties"))) {
      config.load(reader);
    }
    secondPort = LocalPorts.freePort();
    config.setProperty("quarkus.http.port", Integer.toString(secondPort));
    Path dir =
        Files.createDirectories(firstDir.resolveSibling(first.name() + "-2").resolve("config"));
    StringBuilder text = new StringBuilder();
    config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Files.writeString(dir.resolve("application.properties"), text);
    Path jar =
        Path.of(System.getProperty("vigil.root", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("scanning-service/target/quarkus-app/quarkus-run.jar");
    Path log = first.log().resolveSibling("scanning-service-2.log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString())
            .directory(dir.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("second replica alive; see " + log).isTrue();
      try {
        HttpResponse<Void> ready =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + secondPort + "/q/health/ready"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return process;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    process.destroyForcibly();
    throw new AssertionError("second scanning replica not ready; see " + log);
  }

  /** {@value #UPLOADS_PER_BURST} uploads at once over the repositories: [repo, id] each. */
  private static List<String[]> burst(
      VigilSystem system, String token, List<String> repos, String tag) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String[]>> futures = new ArrayList<>();
      for (int i = 0; i < UPLOADS_PER_BURST; i++) {
        String repo = repos.get(i % repos.size());
        String tool = "Scale" + tag + i;
        futures.add(
            pool.submit(
                () -> {
                  String sarif =
                      SarifSamples.sarif(
                          tool,
                          null,
                          List.of(SarifSamples.rule(tool + "/rule", "warning", null)),
                          SarifSamples.results(tool + "/rule", tool.toLowerCase() + "-", 1));
                  Map<String, Object> body = new LinkedHashMap<>();
                  body.put("commit_sha", "0123456789abcdef0123456789abcdef01234567");
                  body.put("ref", "refs/heads/main");
                  body.put("sarif", SarifSamples.encode(sarif));
                  Response accepted =
                      given()
                          .header("Authorization", "token " + token)
                          .contentType(ContentType.JSON)
                          .body(body)
                          .post(system.gatewayUrl() + "/repos/" + repo + "/code-scanning/sarifs");
                  assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
                  return new String[] {repo, accepted.jsonPath().getString("id")};
                }));
      }
      List<String[]> uploads = new ArrayList<>();
      for (Future<String[]> f : futures) {
        uploads.add(f.get(60, TimeUnit.SECONDS));
      }
      return uploads;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void awaitAll(VigilSystem system, String token, List<String[]> uploads)
      throws InterruptedException {
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    for (String[] upload : uploads) {
      String status = null;
      while (System.nanoTime() < deadline) {
        Response r =
            given()
                .header("Authorization", "token " + token)
                .get(
                    system.gatewayUrl()
                        + "/repos/"
                        + upload[0]
                        + "/code-scanning/sarifs/"
                        + upload[1]);
        status = r.statusCode() == 200 ? r.jsonPath().getString("processing_status") : null;
        if ("complete".equals(status) || "failed".equals(status)) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(status).as("upload %s of %s", upload[1], upload[0]).isEqualTo("complete");
    }
  }

  /** Uploads this replica processed (its processing timer's count). */
  private static double processed(int port) throws Exception {
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Matcher m = PROCESSED.matcher(metrics.body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static void awaitGroup(int members) throws Exception {
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    ConsumerGroupDescription group = null;
    while (System.nanoTime() < deadline) {
      group = describeGroup();
      boolean settled =
          group.members().size() == members
              && group.members().stream()
                      .mapToInt(m -> m.assignment().topicPartitions().size())
                      .sum()
                  == dev.vigil.contracts.events.Topics.PARTITIONS
              && group.members().stream()
                  .map(MemberDescription::assignment)
                  .allMatch(a -> !a.topicPartitions().isEmpty());
      if (settled) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "consumer group " + GROUP + " never settled on " + members + ": " + group);
  }

  private static ConsumerGroupDescription describeGroup() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers()))) {
      return admin
          .describeConsumerGroups(List.of(GROUP))
          .all()
          .get(30, TimeUnit.SECONDS)
          .get(GROUP);
    }
  }
}
