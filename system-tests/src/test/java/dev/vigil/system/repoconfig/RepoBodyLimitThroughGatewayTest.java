package dev.vigil.system.repoconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request bodies over the limits get a 413 in SigSentry's shape through the gateway, whether their
 * size is announced ({@code Content-Length}) or only found out while streaming ({@code
 * Transfer-Encoding: chunked}): repo-config's own 256 KiB limit, and above 1 MiB the gateway's
 * per-route guard, which answers before the backend sees a byte.
 */
class RepoBodyLimitThroughGatewayTest {

  private static final int KIB = 1024;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private static Client writer;

  @BeforeAll
  static void tenant() {
    writer = Vigil.get().tenant("enterprise").writerOnNewProject();
  }

  @Test
  void bodiesWithinTheServiceLimitAreReadAndValidated() throws Exception {
    for (boolean chunked : new boolean[] {false, true}) {
      HttpResponse<String> response = post(padded(200 * KIB), chunked);
      assertThat(response.statusCode()).as("chunked=%s", chunked).isEqualTo(400);
      JsonPath body = new JsonPath(response.body());
      assertThat(body.getString("error.code")).isEqualTo("VALIDATION_ERROR");
      assertThat(body.getList("error.details.field")).containsExactlyInAnyOrder("pad");
    }
  }

  @Test
  void aBodyOverTheServiceLimitIsRejectedInSigSentrysShape() throws Exception {
    for (boolean chunked : new boolean[] {false, true}) {
      assertPayloadTooLarge(post(padded(300 * KIB), chunked), "chunked=" + chunked);
    }
  }

  @Test
  void aBodyOverTheGatewaysRouteLimitIsRejectedInSigSentrysShape() throws Exception {
    // Announced: the gateway answers from the header alone, naming its own limit.
    HttpResponse<String> announced = post(padded(1536 * KIB), false);
    assertPayloadTooLarge(announced, "announced");
    assertThat(new JsonPath(announced.body()).getLong("error.details.limitBytes"))
        .isEqualTo(1024 * KIB);
    // Streamed: whichever limit is met first while counting, the answer has the same shape.
    assertPayloadTooLarge(post(padded(1536 * KIB), true), "chunked");
  }

  @Test
  void nothingIsConnectedByRejectedBodies() throws Exception {
    post(padded(300 * KIB), true);
    post(padded(1536 * KIB), true);
    assertThat(writer.allIds()).isEmpty();
    // And the connection keeps serving requests afterwards.
    writer.connect(Client.github("ghp_after_limit", "acme/api"));
  }

  private static void assertPayloadTooLarge(HttpResponse<String> response, String what) {
    assertThat(response.statusCode()).as(what).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .as(what)
        .startsWith("application/json");
    JsonPath body = new JsonPath(response.body());
    assertThat(body.getBoolean("success")).as(what).isFalse();
    assertThat(body.getString("error.code")).as(what).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(body.getString("error.message")).as(what).isNotBlank();
  }

  /** A valid JSON object of about {@code size} bytes with an unknown field {@code pad}. */
  private static byte[] padded(int size) {
    String json =
        "{\"platform\":\"github\",\"credentials\":{\"token\":\"ghp_pad\"},"
            + "\"repositories\":[\"acme/pad-"
            + UUID.randomUUID().toString().substring(0, 8)
            + "\"],\"pad\":\""
            + "x".repeat(size)
            + "\"}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * POSTs {@code body}; with {@code chunked}, the length is not announced and the body streams as
   * {@code Transfer-Encoding: chunked}.
   */
  private static HttpResponse<String> post(byte[] body, boolean chunked) throws Exception {
    HttpRequest.BodyPublisher publisher =
        chunked
            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
            : HttpRequest.BodyPublishers.ofByteArray(body);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(writer.gateway() + Vigil.REPOS))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + writer.token())
            .header("X-Project-Id", writer.project().toString())
            .header("Content-Type", "application/json")
            .POST(publisher)
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
