package dev.vigil.secrets.service;

import dev.vigil.platform.Platform;
import dev.vigil.platform.PlatformClient;
import dev.vigil.platform.PlatformClientConfig;
import dev.vigil.platform.PlatformClients;
import dev.vigil.platform.PlatformCredentials;
import dev.vigil.platform.PlatformException;
import dev.vigil.secrets.config.RepositoryScanConfig;
import dev.vigil.secrets.detect.Finding;
import dev.vigil.secrets.detect.SecretMatch;
import dev.vigil.secrets.domain.ArchiveFiles;
import dev.vigil.secrets.domain.TenantScanner;
import dev.vigil.secrets.persistence.RepositoryScanStore;
import dev.vigil.secrets.persistence.RepositoryScanStore.ScanRow;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Secret scans of connected repositories: queued by repository events and by {@code POST
 * /v1/secret-scans}, run one at a time per replica by a worker (bounded heap) that downloads the
 * default branch's archive with the connection's credentials, walks its text files and records
 * every secret through the {@link IncidentRecorder}. A commit already scanned completely is not
 * scanned again; a scan whose worker died is taken over once its heartbeat is stale, and since
 * occurrences are deduplicated by place, re-running it adds nothing twice.
 */
@ApplicationScoped
public class RepositoryScans {

  private static final Logger LOG = Logger.getLogger(RepositoryScans.class);

  /** Update the heartbeat after this many files. */
  private static final int HEARTBEAT_FILES = 500;

  private final DataSource dataSource;
  private final IncidentRecorder recorder;
  private final RepositoryCredentials credentials;
  private final RepositoryScanConfig config;
  private final ValidityChecks validity;
  private final CustomPatternService customPatterns;
  private final Map<Platform, PlatformClient> clients = new EnumMap<>(Platform.class);
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "vigil-secret-repo-scans");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean draining = new AtomicBoolean();

  public RepositoryScans(
      DataSource dataSource,
      IncidentRecorder recorder,
      RepositoryCredentials credentials,
      RepositoryScanConfig config,
      ValidityChecks validity,
      CustomPatternService customPatterns) {
    this.dataSource = dataSource;
    this.customPatterns = customPatterns;
    this.validity = validity;
    this.recorder = recorder;
    this.credentials = credentials;
    this.config = config;
    PlatformClientConfig platforms = PlatformClientConfig.defaults();
    if (config.githubApiBase().isPresent()) {
      platforms = platforms.withGithubApiBase(config.githubApiBase().get());
    }
    for (Platform platform : Platform.values()) {
      clients.put(platform, PlatformClients.forPlatform(platform, platforms));
    }
  }

  /** Queues a scan of {@code repository}'s {@code ref} (once per trigger) and starts the worker. */
  public long queue(
      UUID tenantId,
      String triggerId,
      String connectionId,
      String platform,
      String repository,
      String ref) {
    try (Connection c = dataSource.getConnection()) {
      long id =
          RepositoryScanStore.queue(
              c, tenantId, triggerId, connectionId, platform, repository, ref);
      poke();
      return id;
    } catch (SQLException e) {
      throw new IllegalStateException("queueing a repository scan failed: " + e.getSQLState(), e);
    }
  }

  public Optional<ScanRow> find(UUID tenantId, long id) {
    try (Connection c = dataSource.getConnection()) {
      return RepositoryScanStore.find(c, tenantId, id);
    } catch (SQLException e) {
      throw new IllegalStateException("reading a repository scan failed: " + e.getSQLState(), e);
    }
  }

  /** Looks for queued scans and scans to resume, also after a restart. */
  @Scheduled(
      every = "${vigil.secrets.repo-scans.poll-every:15s}",
      delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void poll() {
    poke();
  }

  void stop(@Observes ShutdownEvent event) {
    worker.shutdownNow();
  }

  private void poke() {
    if (worker.isShutdown() || !draining.compareAndSet(false, true)) {
      return;
    }
    try {
      worker.execute(this::drain);
    } catch (RejectedExecutionException e) {
      draining.set(false); // shutting down: the queue resumes on the next start
    }
  }

  private void drain() {
    try {
      while (true) {
        Optional<ScanRow> claimed;
        try (Connection c = dataSource.getConnection()) {
          claimed = RepositoryScanStore.claim(c, config.staleAfter());
        }
        if (claimed.isEmpty()) {
          return;
        }
        run(claimed.get());
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warnf("repository scan worker paused: %s", e.toString());
    } finally {
      draining.set(false);
    }
  }

  /** Runs one claimed scan to its end state. */
  void run(ScanRow scan) throws SQLException {
    Path archive = null;
    int[] counts = new int[3]; // scanned, skipped, secrets
    try {
      Platform platform = Platform.valueOf(scan.platform().toUpperCase(Locale.ROOT));
      PlatformCredentials creds = credentials.of(scan.tenantId(), scan.connectionId());
      archive = Files.createTempFile("vigil-secret-scan-", ".zip");
      try (InputStream in =
          clients
              .get(platform)
              .downloadArchive(creds, scan.repository(), scan.ref(), config.maxArchiveBytes())) {
        Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
      }
      String sha = ArchiveFiles.commitSha(archive);
      try (Connection c = dataSource.getConnection()) {
        RepositoryScanStore.heartbeat(c, scan.tenantId(), scan.id(), sha);
        if (sha != null
            && RepositoryScanStore.completed(c, scan.tenantId(), scan.repository(), sha)) {
          RepositoryScanStore.finish(c, scan.tenantId(), scan.id(), "skipped", 0, 0, 0, null);
          return;
        }
      }
      // The tenant's custom patterns join the detectors, as for /v1/scan and push checks.
      TenantScanner scanner = customPatterns.scannerFor(scan.tenantId());
      ArchiveFiles.Limits limits =
          new ArchiveFiles.Limits(
              config.maxEntries(),
              config.maxFileBytes(),
              config.maxTotalBytes(),
              config.maxRatio());
      ArchiveFiles.Summary summary =
          ArchiveFiles.walk(
              archive,
              limits,
              file -> {
                counts[2] += scanFile(scanner, scan, sha, file);
                if (++counts[0] % HEARTBEAT_FILES == 0) {
                  heartbeat(scan);
                }
              });
      counts[0] = summary.filesScanned();
      counts[1] = summary.filesSkipped();
      finish(scan, "completed", counts, null);
      LOG.infof(
          "secret scan %d of %s@%s: %d files scanned, %d skipped, %d secrets",
          scan.id(), scan.repository(), sha, counts[0], counts[1], counts[2]);
    } catch (RepositoryCredentials.Unavailable e) {
      retryOrFail(scan, counts, "credentials: " + e.getMessage());
    } catch (PlatformException e) {
      boolean transient_ =
          e.kind() == PlatformException.Kind.UNAVAILABLE
              || e.kind() == PlatformException.Kind.RATE_LIMITED;
      String error = "archive download failed: " + e.kind();
      if (transient_) {
        retryOrFail(scan, counts, error);
      } else {
        finish(scan, "failed", counts, error);
      }
    } catch (ArchiveFiles.Rejected e) {
      finish(scan, "failed", counts, "archive rejected: " + e.getMessage());
    } catch (IOException e) {
      retryOrFail(scan, counts, "archive could not be stored");
    } catch (IllegalArgumentException e) {
      finish(scan, "failed", counts, "repository or ref not usable");
    } finally {
      if (archive != null) {
        try {
          Files.deleteIfExists(archive);
        } catch (IOException e) {
          LOG.debug("temporary archive not deleted", e);
        }
      }
    }
  }

  /** Records every secret of one file; how many. */
  private int scanFile(
      TenantScanner scanner, ScanRow scan, String sha, ArchiveFiles.TextFile file) {
    int found = 0;
    for (Finding finding : scanner.scan(file.content())) {
      if (finding.matches().isEmpty()) {
        continue;
      }
      IncidentRecorder.Sighting sighting = sighting(finding, scan.repository(), sha, file.path());
      IncidentRecorder.Recorded recorded = recorder.record(scan.tenantId(), sighting);
      validity.checkNew(scan.tenantId(), recorded, sighting.tokenType(), sighting.secret());
      found++;
    }
    return found;
  }

  /**
   * One finding as a sighting. A multi-part secret (e.g. an AWS key id with its secret key) is one
   * secret: its parts joined, positioned from the first part's start to the last part's end.
   */
  public static IncidentRecorder.Sighting sighting(
      Finding finding, String repository, String sha, String path) {
    StringBuilder secret = new StringBuilder();
    int start = Integer.MAX_VALUE;
    int end = 0;
    int line = Integer.MAX_VALUE;
    for (SecretMatch match : finding.matches()) {
      if (!secret.isEmpty()) {
        secret.append('\n');
      }
      secret.append(match.match());
      start = Math.min(start, match.indexStart());
      end = Math.max(end, match.indexEnd() + 1);
      line = Math.min(line, match.lineStart());
    }
    return new IncidentRecorder.Sighting(
        IncidentRecorder.Source.REPOSITORY,
        finding.detector().name(),
        finding.detector().displayName(),
        secret.toString(),
        Optional.of(repository),
        path,
        Optional.ofNullable(sha),
        Optional.empty(),
        Optional.empty(),
        line,
        start,
        end,
        Map.of("kind", "Historical"));
  }

  private void heartbeat(ScanRow scan) {
    try (Connection c = dataSource.getConnection()) {
      RepositoryScanStore.heartbeat(c, scan.tenantId(), scan.id(), null);
    } catch (SQLException e) {
      LOG.debugf("heartbeat of scan %d failed: %s", scan.id(), e.getSQLState());
    }
  }

  private void retryOrFail(ScanRow scan, int[] counts, String error) throws SQLException {
    finish(scan, scan.attempts() >= config.maxAttempts() ? "failed" : "queued", counts, error);
  }

  private void finish(ScanRow scan, String status, int[] counts, String error) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try {
        RepositoryScanStore.finish(
            c, scan.tenantId(), scan.id(), status, counts[0], counts[1], counts[2], error);
      } catch (SQLException e) {
        if (!"23505".equals(e.getSQLState())) {
          throw e;
        }
        // Another worker completed the same commit meanwhile.
        RepositoryScanStore.finish(
            c, scan.tenantId(), scan.id(), "skipped", counts[0], counts[1], counts[2], null);
      }
    }
    if (!"completed".equals(status) && !"skipped".equals(status)) {
      LOG.infof("secret scan %d of %s ended %s: %s", scan.id(), scan.repository(), status, error);
    }
  }
}
