import dev.vigil.secrets.detect.SecretScanner;
import dev.vigil.secrets.domain.ArchiveFiles;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * bench/secrets/run-archive: a repository scan's work on one large archive (by default the JDK's
 * src.zip, ~53 MB compressed, ~15 000 files), as secrets-service's worker does it: walk the archive
 * with its limits and run the engine over every text file. The baseline in the same run walks the
 * same archive with the same limits but only counts newlines. Reports CPU time of the measuring
 * thread, wall time, and the peak heap after the run (run with the service's -Xmx to show it fits).
 */
public class ArchiveScanBench {

  static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    Path archive = Path.of(System.getProperty("bench.archive"));
    ArchiveFiles.Limits limits =
        new ArchiveFiles.Limits(100_000, 1024 * 1024, 2L * 1024 * 1024 * 1024, 200);
    SecretScanner engine = SecretScanner.standard();
    System.out.printf(
        "archive: %s, %.1f MB, max heap %d MB%n",
        archive, Files.size(archive) / 1e6, Runtime.getRuntime().maxMemory() >> 20);

    long[] lines = new long[1];
    Run baseline =
        time(
            () ->
                ArchiveFiles.walk(
                    archive, limits, f -> lines[0] += f.content().lines().count()));
    long[] findings = new long[1];
    Run scan =
        time(
            () ->
                ArchiveFiles.walk(
                    archive, limits, f -> findings[0] += engine.scan(f.content()).size()));
    System.out.printf(
        "baseline (walk + count lines): %d files, %d skipped, %d lines, cpu %.2f s, wall %.2f s%n",
        baseline.summary.filesScanned(),
        baseline.summary.filesSkipped(),
        lines[0],
        baseline.cpuSeconds,
        baseline.wallSeconds);
    System.out.printf(
        "scan (walk + engine): %d files, %d findings, cpu %.2f s, wall %.2f s%n",
        scan.summary.filesScanned(), findings[0], scan.cpuSeconds, scan.wallSeconds);
    System.out.printf("ratio scan/baseline (cpu): %.2f%n", scan.cpuSeconds / baseline.cpuSeconds);
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    long gcs = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcs += gc.getCollectionCount();
    }
    System.out.printf("peak heap used (sum of pool peaks): %d MB, GCs: %d%n", peak >> 20, gcs);
  }

  record Run(ArchiveFiles.Summary summary, double cpuSeconds, double wallSeconds) {}

  interface Walk {
    ArchiveFiles.Summary run() throws Exception;
  }

  static Run time(Walk walk) throws Exception {
    long cpu = CPU.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    ArchiveFiles.Summary summary = walk.run();
    return new Run(
        summary,
        (CPU.getCurrentThreadCpuTime() - cpu) / 1e9,
        (System.nanoTime() - wall) / (double) TimeUnit.SECONDS.toNanos(1));
  }
}
