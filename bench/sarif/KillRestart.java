import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import dev.vigil.testkit.LocalPorts;
import dev.vigil.testkit.TestInfra;
import dev.vigil.testkit.TestTokens;

/**
 * kill -9 of a real scanning-service process while uploads are pending and one is being
 * processed; after a restart on the same database and Kafka every upload completes, once: one
 * analysis per run, one alert and one created event per result. Exits non-zero otherwise. Uses
 * the benchmark's harness (SarifBench.java in this folder).
 */
public class KillRestart {

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("vigil-kill-restart-");
    Path sarif = work.resolve("upload.sarif");
    SarifBench.generate(sarif, 25_000, 5, 11);
    byte[] gzip = SarifBench.gzip(Files.readAllBytes(sarif));
    TestInfra.ensureStarted();
    String database = TestInfra.createDatabase();
    int port = LocalPorts.freePort();
    String base = "http://127.0.0.1:" + port;
    Path firstLog = work.resolve("before-kill.log");
    Process service = SarifBench.startService(root, database, port, firstLog);
    SarifBench.awaitReady(base, service, firstLog);

    UUID tenant = UUID.randomUUID();
    String token =
        TestTokens.forAudience("scanning-service")
            .tenant(tenant)
            .scopes("security_events")
            .expiresIn(Duration.ofHours(1))
            .sign();
    HttpClient http = HttpClient.newHttpClient();
    List<String> repos = List.of("kill/a", "kill/b");
    for (String repo : repos) {
      SarifBench.connect(tenant, repo, base, token, http);
    }
    String body =
        SarifBench.JSON.writeValueAsString(
            Map.of(
                "commit_sha", SarifBench.SHA,
                "ref", "refs/heads/main",
                "sarif", Base64.getEncoder().encodeToString(gzip)));
    List<String[]> uploads = new ArrayList<>();
    for (String repo : List.of("kill/a", "kill/b", "kill/a", "kill/b")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/repos/" + repo + "/code-scanning/sarifs"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      uploads.add(new String[] {repo, SarifBench.JSON.readTree(r.body()).path("id").asText()});
    }
    // Kill while the first upload is being processed.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.readString(firstLog).contains("work item received")
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(300);
    new ProcessBuilder("kill", "-9", Long.toString(service.pid())).start().waitFor();
    service.waitFor();
    System.out.println("kill -9 sent; statuses are now being awaited after a restart");

    long restarted = System.nanoTime();
    Path secondLog = work.resolve("after-restart.log");
    Process again = SarifBench.startService(root, database, port, secondLog);
    boolean ok = true;
    try {
      SarifBench.awaitReady(base, again, secondLog);
      String states = "";
      while (System.nanoTime() - restarted < Duration.ofMinutes(3).toNanos()) {
        states = states(http, base, token, uploads);
        if (!states.contains("pending")) {
          break;
        }
        Thread.sleep(250);
      }
      System.out.printf(
          "after restart (%d ms): %s%n", (System.nanoTime() - restarted) / 1_000_000, states);
      ok &= !states.contains("pending") && !states.contains("failed");

      Properties props = new Properties();
      props.setProperty("user", TestInfra.username());
      props.setProperty("password", TestInfra.password());
      try (Connection c =
              new org.postgresql.Driver().connect(TestInfra.jdbcUrl(database), props);
          Statement s = c.createStatement()) {
        try (ResultSet r =
            s.executeQuery(
                "SELECT r.full_name_lower,"
                    + " (SELECT count(*) FROM alert a WHERE a.repo_id = r.id),"
                    + " (SELECT count(*) FROM analysis n WHERE n.repo_id = r.id),"
                    + " (SELECT max(attempts) FROM sarif_upload u WHERE u.repo_id = r.id)"
                    + " FROM scan_repository r ORDER BY 1")) {
          while (r.next()) {
            System.out.printf(
                "%s: %d alerts, %d analyses, at most %d attempts%n",
                r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4));
            ok &= r.getLong(2) == 25_000 && r.getLong(3) == 10;
          }
        }
        try (ResultSet r =
            s.executeQuery(
                // One batch row per batch of alert changes; the relay publishes one event each.
                "SELECT count(*), count(DISTINCT (b.payload::jsonb->>'repository') || '#' || (a->>0))"
                    + " FROM outbox_event b, jsonb_array_elements(b.payload::jsonb->'alerts') a"
                    + " WHERE b.event_type = 'code-scanning-alert+batch'"
                    + " AND b.payload::jsonb->>'type' = 'code-scanning-alert.created'")) {
          r.next();
          System.out.printf("created events: %d for %d distinct alerts%n", r.getLong(1), r.getLong(2));
          ok &= r.getLong(1) == 50_000 && r.getLong(2) == 50_000;
        }
      }
    } finally {
      again.destroy();
      again.waitFor();
    }
    System.out.println((ok ? "OK" : "FAILED") + " — logs in " + work);
    System.exit(ok ? 0 : 1);
  }

  static String states(HttpClient http, String base, String token, List<String[]> uploads)
      throws Exception {
    StringBuilder states = new StringBuilder();
    for (String[] u : uploads) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(base + "/repos/" + u[0] + "/code-scanning/sarifs/" + u[1]))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      states
          .append(u[0])
          .append('=')
          .append(SarifBench.JSON.readTree(r.body()).path("processing_status").asText())
          .append(' ');
    }
    return states.toString().trim();
  }
}
