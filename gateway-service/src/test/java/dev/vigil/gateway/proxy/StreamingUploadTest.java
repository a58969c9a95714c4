package dev.vigil.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.gateway.support.Api;
import dev.vigil.gateway.support.EchoBackends;
import dev.vigil.gateway.support.GatewayTestResource;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A 50 MB upload goes through the gateway to a backend that reads it slowly, so an unthrottled
 * proxy would have to hold the difference. The gateway runs in this JVM: the live heap (measured
 * right after a forced GC, several times during the upload) must stay far below the body's size.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(GatewayTestResource.class)
class StreamingUploadTest {

  private static final Logger LOG = Logger.getLogger(StreamingUploadTest.class);
  private static final long SIZE = 50L * 1024 * 1024;
  private static final long MAX_GROWTH = 20L * 1024 * 1024;

  @Test
  void fiftyMegabytesStreamThroughWithoutLandingInTheHeap() throws Exception {
    Api.Tenant tenant = Api.newTenant();
    String token =
        Api.newToken(tenant.ownerToken(), "uploader", List.of("detection_rules:sync")).value();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long baseline = liveHeap(memory);

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong peakLive = new AtomicLong(baseline);
    AtomicLong peakUsed = new AtomicLong(baseline);
    AtomicLong samples = new AtomicLong();
    // Heap in use including garbage not yet collected, for the record only.
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              while (running.get()) {
                peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                sleep(10);
              }
            });
    Thread sampler =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (running.get()) {
                    long live = liveHeap(memory);
                    peakLive.accumulateAndGet(live, Math::max);
                    samples.incrementAndGet();
                    sleep(500);
                  }
                });

    DigestingStream body = new DigestingStream(SIZE);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + RestAssured.port + "/v1/upload_git_repo_zipball"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/zip")
            .header(EchoBackends.BEHAVIOR, "slow")
            .timeout(Duration.ofMinutes(2))
            .POST(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> body), SIZE))
            .build();
    long started = System.nanoTime();
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(request, HttpResponse.BodyHandlers.ofString());
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    running.set(false);
    sampler.join();

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonPath echo = new JsonPath(response.body());
    assertThat(echo.getLong("body_bytes")).isEqualTo(SIZE);
    assertThat(echo.getString("body_sha256")).isEqualTo(body.sha256());
    assertThat(echo.getList("headers.content-length", String.class))
        .containsExactly(Long.toString(SIZE));

    long growth = peakLive.get() - baseline;
    LOG.infof(
        "50 MB streamed upload: %d ms, %d live-heap samples, baseline %.1f MB, peak live %.1f MB,"
            + " growth %.1f MB (peak heap in use including uncollected garbage: %.1f MB)",
        elapsedMs,
        samples.get(),
        baseline / 1048576.0,
        peakLive.get() / 1048576.0,
        growth / 1048576.0,
        peakUsed.get() / 1048576.0);
    assertThat(samples.get()).isGreaterThanOrEqualTo(3);
    assertThat(growth).isLessThan(MAX_GROWTH);

    // The probe itself is sensitive enough: 20 MB held on purpose do show up.
    long before = liveHeap(memory);
    byte[] control = new byte[20 * 1024 * 1024];
    long withControl = liveHeap(memory);
    assertThat(withControl - before).isGreaterThan(19L * 1024 * 1024);
    assertThat(control).hasSize(20 * 1024 * 1024);
  }

  /** Heap in use right after a full collection: what is actually retained. */
  private static long liveHeap(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code size} pseudo-random bytes, generated on the fly and digested as they are read. */
  private static final class DigestingStream extends InputStream {
    private final long size;
    private final SplittableRandom random = new SplittableRandom(42);
    private final MessageDigest digest;
    private long produced;

    DigestingStream(long size) throws Exception {
      this.size = size;
      this.digest = MessageDigest.getInstance("SHA-256");
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (produced >= size) {
        return -1;
      }
      int n = (int) Math.min(length, size - produced);
      for (int i = 0; i < n; i++) {
        buffer[offset + i] = (byte) random.nextInt(256);
      }
      digest.update(buffer, offset, n);
      produced += n;
      return n;
    }

    String sha256() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
