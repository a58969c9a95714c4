import dev.vigil.sync.domain.repo.SyncPlanner;
import dev.vigil.sync.domain.repo.ZipballReader;
import dev.vigil.sync.persistence.SyncSourceRow;
import dev.vigil.sync.service.SyncResult;
import dev.vigil.sync.service.SyncService;
import dev.vigil.sync.service.Transactions;
import dev.vigil.testkit.TestInfra;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * 1,000 detection rules in one GitHub-layout zip (the conformance rules, renamed and varied)
 * through sync-service's whole pipeline (safe unzip, rule discovery, sync config, JSON Schema
 * validation, query parsing, inline tests, and the one transaction that writes the rules, their
 * outbox events and the attempt on real PostgreSQL), against a baseline that only unzips the same
 * files and parses their YAML, in the same run. Prints the medians and the ratio, and the
 * validate-only part on its own.
 */
public class SyncBench {

  public static void main(String[] args) throws Exception {
    Path rulesDir = Path.of(args[0]);
    int count = Integer.getInteger("bench.rules", 1000);
    int rounds = Integer.getInteger("bench.rounds", 7);
    List<Path> samples;
    try (var files = Files.list(rulesDir)) {
      samples = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    if (samples.isEmpty()) {
      System.err.println("bench/sync: no conformance rules in " + rulesDir + "; skipped");
      return;
    }
    String config =
        """
        event_sink_keys:
          informational_severity_alerts: [{sink_id: 11111111-1111-1111-1111-111111111111}]
          low_severity_alerts: [{sink_id: 22222222-2222-2222-2222-222222222222}]
          medium_severity_alerts: [{sink_id: 33333333-3333-3333-3333-333333333333}]
          high_severity_alerts: [{sink_id: 44444444-4444-4444-4444-444444444444}]
          critical_severity_alerts: [{sink_id: 55555555-5555-5555-5555-555555555555}]
          sink_key_1: [{sink_id: 66666666-6666-6666-6666-666666666666}]
        """;
    Path zip = Files.createTempFile("vigil-sync-bench-", ".zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      String top = "acme-detections-0123456/";
      out.putNextEntry(new ZipEntry(top));
      out.putNextEntry(new ZipEntry(top + "sync-config.yaml"));
      out.write(config.getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new ZipEntry(top + ".github/workflows/validate-rules.yml"));
      out.write("on: push\njobs: {}\n".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < count; i++) {
        String text = Files.readString(samples.get(i % samples.size()));
        // Vary each copy: its own name and a distinct term in the query.
        text = text.replaceFirst("(?m)^name: (.*)$", "name: $1 #" + i);
        text = text.replaceFirst("(?m)^query_text: \\|-\\n", "query_text: |-\n  not bench_variant:" + i + "\n");
        out.putNextEntry(new ZipEntry(top + "rules/" + (i / 100) + "/rule-" + i + ".yml"));
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    }
    System.out.printf("bench/sync: %d rules in one zip (%d KiB)%n", count, Files.size(zip) / 1024);

    // Check once that the pipeline accepts every rule, so the timing is of a real sync.
    SyncPlanner.Plan plan = SyncPlanner.plan(ZipballReader.read(zip, false), "", "sync-config.yaml");
    if (!plan.ok() || plan.rules().size() != count) {
      throw new IllegalStateException(
          "pipeline rejected the bench zip: " + plan.failures().stream().limit(3).toList());
    }

    // The database step on real PostgreSQL (test-kit's embedded one, migrated as the service
    // migrates): each round syncs into a fresh push source, so all rules and their outbox events
    // are written in the one transaction a real upload uses.
    SyncService sync = new SyncService(new Transactions(database()));

    List<Long> validated = new ArrayList<>();
    List<Long> pipeline = new ArrayList<>();
    List<Long> baseline = new ArrayList<>();
    for (int round = 0; round < rounds + 2; round++) {
      SyncSourceRow source =
          sync.createSource(
              new SyncSourceRow(
                  UUID.randomUUID(), UUID.randomUUID(), SyncSourceRow.PUSH, "bench-" + round,
                  "main", null, null, "", "sync-config.yaml", null, null, Instant.now()));
      long t0 = System.nanoTime();
      int parsed = unzipAndParse(zip);
      long t1 = System.nanoTime();
      SyncPlanner.Plan result = SyncPlanner.plan(ZipballReader.read(zip, false), "", "sync-config.yaml");
      long t2 = System.nanoTime();
      SyncResult synced = sync.sync(source, ZipballReader.read(zip, false), "0123456", "bench");
      long t3 = System.nanoTime();
      if (parsed != count + 2 || result.rules().size() != count || synced.detectionRulesSynced() != count) {
        throw new IllegalStateException(
            "unexpected counts " + parsed + " / " + result.rules().size() + " / " + synced.detectionRulesSynced());
      }
      if (round >= 2) { // two warm-up rounds
        baseline.add(t1 - t0);
        validated.add(t2 - t1);
        pipeline.add(t3 - t2);
      }
    }
    double base = median(baseline) / 1e6;
    double check = median(validated) / 1e6;
    double full = median(pipeline) / 1e6;
    System.out.printf("baseline (unzip + YAML parse):                                 %8.1f ms%n", base);
    System.out.printf("validate only (safe unzip + validate + query parse + tests):    %8.1f ms%n", check);
    System.out.printf("whole pipeline (the above + one transaction: rules + events):  %8.1f ms%n", full);
    System.out.printf("ratio whole pipeline/baseline: %.2f  (validate only: %.2f; two warm-up rounds"
        + " excluded; %d rounds, median)%n", full / base, check / base, rounds);
    Files.deleteIfExists(zip);
    System.exit(0); // the embedded PostgreSQL's threads would keep the JVM alive
  }

  private static DataSource database() {
    String name = TestInfra.createDatabase();
    String url = TestInfra.jdbcUrl(name);
    Flyway.configure()
        .dataSource(url, TestInfra.username(), TestInfra.password())
        // sync-service's own migrations by path: the bench classpath also holds service-kit's
        // test migrations under the same classpath folder.
        .locations(
            "filesystem:" + Path.of(SyncService.class.getProtectionDomain().getCodeSource().getLocation().getPath()).resolve("db/migration"),
            "classpath:db/vigil-kit")
        .outOfOrder(true)
        .load()
        .migrate();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    ds.setUser(TestInfra.username());
    ds.setPassword(TestInfra.password());
    return ds;
  }

  private static int unzipAndParse(Path zip) throws Exception {
    int parsed = 0;
    LoaderOptions options = new LoaderOptions();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory() || !entry.getName().endsWith(".yml") && !entry.getName().endsWith(".yaml")) {
          continue;
        }
        try (InputStream in = file.getInputStream(entry)) {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          in.transferTo(bytes);
          new Yaml(options).load(bytes.toString(StandardCharsets.UTF_8));
          parsed++;
        }
      }
    }
    return parsed;
  }

  private static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
