package dev.vigil.system.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.system.VigilSystem;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Hostile repository zips and rule YAML sent through the gateway as scanner-cli would send them:
 * zip slip, a compression bomb, 10,000 entries, a YAML alias bomb and a 1 MB query each answer a
 * 4xx in Scanner's {@code {"error"}} shape, and the source keeps the rules it had.
 */
class HostileSyncInputThroughGatewayTest {

  private static final Path RULES =
      Path.of(System.getProperty("vigil.conformance.scanner", "/work/shared/conformance/scanner"))
          .resolve("rules");
  private static final String HEADER =
      "# schema: https://scanner.dev/schema/scanner-detection-rule.v1.json\n";
  private static final String CONFIG =
      "event_sink_keys:\n"
          + "  low_severity_alerts: [{sink_id: 22222222-2222-2222-2222-222222222222}]\n";

  private static byte[] zip(Map<String, byte[]> entries) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue());
      }
    }
    return out.toByteArray();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Response upload(String token, String pushKey, byte[] zip) {
    return given()
        .header("Authorization", "Bearer " + token)
        .multiPart("push_key", pushKey)
        .multiPart("branch", "main")
        .multiPart("commit_sha", "0123456789abcdef0123456789abcdef01234567")
        .multiPart("zip", "repo.zip", zip, "application/zip")
        .post(VigilSystem.get().gatewayUrl() + "/v1/upload_git_repo_zipball");
  }

  private static String refusal(String token, String pushKey, byte[] zip) {
    Response response = upload(token, pushKey, zip);
    response.then().statusCode(400).contentType("application/json");
    return response.jsonPath().getString("error");
  }

  @Test
  void hostileZipsAndYamlAreRefusedAndNothingIsSynced() throws Exception {
    Path rulePath = RULES.resolve("10_github_no_enabled_key.yml");
    assumeTrue(Files.isRegularFile(rulePath), "Scanner conformance rules not found at " + RULES);
    String rule = Files.readString(rulePath, StandardCharsets.UTF_8);
    String gateway = VigilSystem.get().gatewayUrl();
    String token = VigilSystem.get().devToken();
    String pushKey = "hostile-" + UUID.randomUUID();
    String source =
        given()
            .header("Authorization", "Bearer " + token)
            .contentType(ContentType.JSON)
            .body(Map.of("kind", "push", "push_key", pushKey, "branch", "main"))
            .post(gateway + "/v1/sync_sources")
            .then()
            .statusCode(201)
            .extract()
            .path("sync_source.id");
    Map<String, byte[]> good = new LinkedHashMap<>();
    good.put("sync-config.yaml", bytes(CONFIG));
    good.put("rules/good.yml", bytes(rule));
    upload(token, pushKey, zip(good))
        .then()
        .statusCode(200)
        .body("detection_rules_synced", equalTo(1));

    Map<String, byte[]> slip = new LinkedHashMap<>(good);
    slip.put("../../etc/evil.yml", bytes(rule));
    assertThat(refusal(token, pushKey, zip(slip)))
        .isEqualTo("zip entry has an unsafe path: ../../etc/evil.yml");

    byte[] padding = new byte[20 * 1024 * 1024];
    Arrays.fill(padding, (byte) ' ');
    Map<String, byte[]> bomb = new LinkedHashMap<>(good);
    bomb.put("rules/bomb.yml", padding);
    assertThat(refusal(token, pushKey, zip(bomb))).contains("compression ratio above 200");

    Map<String, byte[]> many = new LinkedHashMap<>(good);
    for (int i = 0; i < 10_000; i++) {
      many.put("docs/f" + i + ".txt", new byte[0]);
    }
    assertThat(refusal(token, pushKey, zip(many)))
        .isEqualTo("zip has 10002 entries; at most 5000 are accepted");

    StringBuilder aliases = new StringBuilder(HEADER + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      aliases.append("a").append(i).append(": &a").append(i).append(" [");
      aliases.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
    }
    Map<String, byte[]> aliasBomb = new LinkedHashMap<>(good);
    aliasBomb.put("rules/aliases.yml", bytes(aliases.toString()));
    assertThat(refusal(token, pushKey, zip(aliasBomb)))
        .startsWith("rules/aliases.yml: YAML document exceeds a limit");

    // Distinct terms, so the entry is refused for its size rather than its compression ratio.
    StringBuilder query = new StringBuilder();
    for (int i = 0; query.length() < 1 << 20; i++) {
      query.append(" field_").append(Integer.toHexString(i * 7919)).append(":v").append(i);
    }
    Map<String, byte[]> huge = new LinkedHashMap<>(good);
    huge.put(
        "rules/huge.yml",
        bytes(rule.replaceFirst("query_text: \\|-\\n", "query_text: |-\n  " + query + "\n")));
    assertThat(refusal(token, pushKey, zip(huge)))
        .isEqualTo("rules/huge.yml: rule file is larger than 256 KiB");

    given()
        .header("Authorization", "Bearer " + token)
        .contentType("application/x-yaml")
        .body(bytes(aliases.toString()))
        .post(gateway + "/v1/detection_rule_yaml/validate")
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body("error", org.hamcrest.Matchers.startsWith("YAML document exceeds a limit"));

    List<String> paths =
        given()
            .header("Authorization", "Bearer " + token)
            .get(gateway + "/v1/sync_sources/" + source + "/detection_rules")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("data.detection_rules.file_path", String.class);
    assertThat(paths).containsExactly("rules/good.yml");
    given()
        .header("Authorization", "Bearer " + token)
        .get(gateway + "/v1/sync_sources/" + source + "/attempts")
        .then()
        .statusCode(200)
        .body("data.sync_attempts.status", equalTo(List.of("succeeded")));
  }
}
