package dev.vigil.system.secrets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vigil.system.VigilSystem;
import io.restassured.response.Response;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GitGuardian's own Python client, py-gitguardian, unmodified (../shared/clients), scanning through
 * the gateway: leaks found at the right lines and offsets, clean text clean, and GitGuardian's
 * errors for an oversize document and for 21 documents. Also a 20 × 1 MB multiscan with the
 * service's heap bounded (system-test services run with -Xmx256m).
 */
class PyGitGuardianScanThroughGatewayTest {

  private static final Path CLIENT =
      Path.of(
          System.getProperty(
              "vigil.clients.py-gitguardian", "/work/shared/clients/py-gitguardian"));
  private static final String PYTHON = System.getProperty("vigil.python", "/usr/bin/python3");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A leaked GitHub token on line 2 and an AWS key pair on lines 3-4 (values are random). */
  static final String LEAK =
      "# settings\nGITHUB_TOKEN=ghp_aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW00ZYwkd\n"
          + "aws_access_key_id = AKIAZ3MHT2QLXWVB7K4N\n"
          + "aws_secret_access_key = 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\n";

  private static VigilSystem system;
  private static String token;

  @BeforeAll
  static void start() {
    system = VigilSystem.get();
    token = system.devToken();
  }

  @Test
  void pyGitGuardianScansThroughTheGateway() throws Exception {
    Map<String, JsonNode> checks = runClient();

    assertThat(checks.get("metadata").asText()).isEqualTo("None"); // read_metadata succeeded
    assertThat(checks.get("preferences").get("maximum_document_size").asInt()).isEqualTo(1048576);
    assertThat(checks.get("preferences").get("maximum_documents_per_scan").asInt()).isEqualTo(20);

    JsonNode leak = checks.get("content_scan_leak");
    assertThat(leak.get("status").asInt()).isEqualTo(200);
    assertLeaks(leak);
    JsonNode clean = checks.get("content_scan_clean");
    assertThat(clean.get("status").asInt()).isEqualTo(200);
    assertThat(clean.get("count").asInt()).isZero();

    JsonNode multi = checks.get("multi_content_scan");
    assertThat(multi.isArray()).as(multi.toString()).isTrue();
    assertLeaks(multi.get(0));
    assertThat(multi.get(1).get("count").asInt()).isZero();

    assertThat(checks.get("client_refuses_oversize").asText()).contains("1048576");
    assertThat(checks.get("client_refuses_21").asText()).contains("max=20");
    assertThat(checks.get("server_oversize").get("status").asInt()).isEqualTo(400);
    assertThat(checks.get("server_oversize").get("detail").asText())
        .isEqualTo("file exceeds the maximum allowed size of 1048576B");
    assertThat(checks.get("server_21").get("status").asInt()).isEqualTo(400);
    assertThat(checks.get("server_21").get("detail").asText())
        .isEqualTo("Too many documents to scan");
    assertThat(checks.get("quota").get("status").asInt()).isEqualTo(200);
    assertThat(checks.get("quota").get("count").asInt()).isPositive();
  }

  private static void assertLeaks(JsonNode result) {
    assertThat(result.get("count").asInt()).as(result.toString()).isEqualTo(2);
    JsonNode github = result.get("breaks").get(0);
    assertThat(github.get("group").asText()).isEqualTo("github_access_token");
    JsonNode m = github.get("matches").get(0);
    assertThat(m.get("match").asText()).isEqualTo("ghp_aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW00ZYwkd");
    assertThat(m.get("index_start").asInt()).isEqualTo(24);
    assertThat(m.get("index_end").asInt()).isEqualTo(63);
    assertThat(m.get("line_start").asInt()).isEqualTo(2);
    assertThat(m.get("line_end").asInt()).isEqualTo(2);
    JsonNode aws = result.get("breaks").get(1);
    assertThat(aws.get("type").asText()).isEqualTo("AWS Keys");
    JsonNode id = aws.get("matches").get(0);
    JsonNode secret = aws.get("matches").get(1);
    assertThat(id.get("type").asText()).isEqualTo("client_id");
    assertThat(id.get("match").asText()).isEqualTo("AKIAZ3MHT2QLXWVB7K4N");
    assertThat(id.get("index_start").asInt()).isEqualTo(LEAK.indexOf("AKIA"));
    assertThat(id.get("line_start").asInt()).isEqualTo(3);
    assertThat(secret.get("type").asText()).isEqualTo("client_secret");
    assertThat(secret.get("index_start").asInt()).isEqualTo(LEAK.indexOf("9Xq2"));
    assertThat(secret.get("index_end").asInt()).isEqualTo(LEAK.indexOf("9Xq2") + 39);
    assertThat(secret.get("line_start").asInt()).isEqualTo(4);
  }

  @Test
  void twentyMegabyteDocumentsAnswerWithABoundedHeap() throws Exception {
    String line = "export PATH=/usr/local/bin:$PATH # configuration without any secret\n";
    String document = line.repeat((1 << 20) / line.length());
    ArrayNode docs = JSON.createArrayNode();
    for (int i = 0; i < 20; i++) {
      docs.addObject().put("filename", "f" + i + ".sh").put("document", document);
    }
    byte[] body = JSON.writeValueAsBytes(docs);
    for (int round = 0; round < 2; round++) {
      Response response =
          given()
              .header("Authorization", "Token " + token)
              .contentType("application/json")
              .body(body)
              .post(system.gatewayUrl() + "/v1/multiscan?all_secrets=True");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.header("Content-Type")).isEqualTo("application/json");
      assertThat(JSON.readTree(response.asByteArray()).size()).isEqualTo(20);
    }
    // The service runs with -Xmx256m: answering twice proves the bound; report the heap in use.
    String metrics = given().get(system.service("secrets-service").url() + "/q/metrics").asString();
    Matcher used =
        Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)")
            .matcher(metrics);
    double heap = 0;
    while (used.find()) {
      heap += Double.parseDouble(used.group(1));
    }
    System.out.printf(
        "secrets-service heap in use after 2 x 20 MB multiscans: %.0f MB (max 256 MB)%n",
        heap / 1e6);
    assertThat(heap).isPositive().isLessThan(256e6);
  }

  private static Map<String, JsonNode> runClient() throws Exception {
    assumeTrue(
        Files.isDirectory(CLIENT.resolve("pygitguardian")),
        "skipped: py-gitguardian not found at " + CLIENT);
    assumeTrue(Files.isExecutable(Path.of(PYTHON)), "skipped: " + PYTHON + " not found");
    Process probe =
        new ProcessBuilder(PYTHON, "-c", "import marshmallow_dataclass, typeguard, requests")
            .redirectErrorStream(true)
            .start();
    String probeOut = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assumeTrue(
        probe.waitFor() == 0,
        "skipped: py-gitguardian's dependencies are missing (apt-get install"
            + " python3-marshmallow-dataclass python3-typeguard python3-requests): "
            + probeOut);

    Path script = Files.createTempFile("py-gitguardian-scan", ".py");
    try (InputStream in =
        PyGitGuardianScanThroughGatewayTest.class.getResourceAsStream(
            "/secrets/py_gitguardian_scan.py")) {
      Files.write(script, in.readAllBytes());
    }
    ProcessBuilder builder =
        new ProcessBuilder(PYTHON, script.toString(), system.gatewayUrl(), token);
    builder.environment().put("PYTHONPATH", CLIENT.toString());
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process process = builder.start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(LEAK.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    Files.deleteIfExists(script);
    Map<String, JsonNode> checks = new HashMap<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        JsonNode check = JSON.readTree(line);
        checks.put(check.get("check").asText(), check.get("value"));
      }
    }
    return checks;
  }
}
