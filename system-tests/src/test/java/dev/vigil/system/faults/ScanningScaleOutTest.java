package dev.vigil.system.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.contracts.events.Topics;
import dev.vigil.system.ServiceNames;
import dev.vigil.system.VigilSystem;
import dev.vigil.testkit.TestInfra;
import dev.vigil.testkit.sarif.SarifSamples;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Uploads alternate between two gateways, one in front of each scanning process, as a load
 * balancer in front of the replicas spreads them: each replica receives uploads (and starts them at
 * once), and each consumes the work items of the partitions it holds.
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

    VigilSystem.Service first = system.service(ServiceNames.SCANNING);
    VigilSystem.Service second =
        system.replica(ServiceNames.SCANNING, ServiceNames.SCANNING + "-2", Map.of());
    VigilSystem.Service secondGateway =
        system.replica(
            ServiceNames.GATEWAY,
            ServiceNames.GATEWAY + "-scanning-2",
            Map.of("vigil.gateway.backends.scanning", second.url()));
    List<String> gateways = List.of(system.gatewayUrl(), secondGateway.url());

    try {
      awaitGroup(2);
      ConsumerGroupDescription shared = describeGroup();
      assertThat(shared.members()).hasSize(2);
      assertThat(shared.members())
          .as("each replica holds partitions")
          .allSatisfy(m -> assertThat(m.assignment().topicPartitions()).isNotEmpty());

      double firstBefore = processed(first.port());
      List<String[]> burst = burst(gateways, token, repos, "A");
      awaitAll(system, token, burst);
      assertThat(processed(first.port()) - firstBefore).as("processed by the first").isPositive();
      assertThat(processed(second.port())).as("processed by the second replica").isPositive();

      // Kill -9 the second right after a burst: what it had not processed yet (its own uploads,
      // the work items of its partitions) is left to the first.
      List<String[]> burstB = burst(gateways, token, repos, "B");
      system.kill(second.name());
      awaitAll(system, token, burstB);
      awaitGroup(1);
      assertThat(describeGroup().members().iterator().next().assignment().topicPartitions())
          .as("the survivor holds every partition")
          .hasSize(Topics.PARTITIONS);
    } finally {
      system.kill(second.name());
      system.kill(secondGateway.name()); // its backend is gone; it only costs CPU from here
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

  /**
   * {@value #UPLOADS_PER_BURST} uploads at once over the repositories, alternating between the
   * gateways: [repo, id] each.
   */
  private static List<String[]> burst(
      List<String> gateways, String token, List<String> repos, String tag) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String[]>> futures = new ArrayList<>();
      for (int i = 0; i < UPLOADS_PER_BURST; i++) {
        String repo = repos.get(i % repos.size());
        String gateway = gateways.get(i % gateways.size());
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
                          .post(gateway + "/repos/" + repo + "/code-scanning/sarifs");
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

  /** Uploads this replica processed (its processing timer's count; 0 before its first). */
  private static double processed(int port) throws Exception {
    HttpResponse<String> metrics =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .header("Accept", "text/plain")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).as("metrics of :%d", port).isEqualTo(200);
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
                  == Topics.PARTITIONS
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
