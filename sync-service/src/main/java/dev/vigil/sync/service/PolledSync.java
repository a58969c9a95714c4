package dev.vigil.sync.service;

import dev.vigil.kit.identity.ServiceIdentityConfig;
import dev.vigil.platform.Platform;
import dev.vigil.platform.PlatformClient;
import dev.vigil.platform.PlatformClientConfig;
import dev.vigil.platform.PlatformClients;
import dev.vigil.platform.PlatformCredentials;
import dev.vigil.platform.PlatformException;
import dev.vigil.sync.domain.repo.ArchiveException;
import dev.vigil.sync.domain.repo.RepositorySnapshot;
import dev.vigil.sync.domain.repo.ZipballReader;
import dev.vigil.sync.persistence.SyncSourceRow;
import dev.vigil.sync.persistence.SyncStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * GitHub-polled sources: every 5 minutes (one replica at a time, under a PostgreSQL advisory lock)
 * and on {@code POST /v1/sync_github_repositories}, each source's branch archive is fetched through
 * libs/platform-client with the connection's credentials from repo-config, and synced unless its
 * head commit is the one synced last.
 */
@ApplicationScoped
public class PolledSync {

  private static final Logger LOG = Logger.getLogger(PolledSync.class);

  /** Advisory lock key held by the replica running the schedule ("vigilsyn"). */
  private static final long SCHEDULE_LOCK = 0x766967696c73796eL;

  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

  private final DataSource dataSource;
  private final Transactions tx;
  private final SyncService sync;
  private final ServiceCalls calls;
  private final PollingConfig config;
  private final PlatformClient github;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());

  public PolledSync(
      DataSource dataSource,
      Transactions tx,
      SyncService sync,
      ServiceCalls calls,
      PollingConfig config) {
    this.dataSource = dataSource;
    this.tx = tx;
    this.sync = sync;
    this.calls = calls;
    this.config = config;
    this.github =
        PlatformClients.forPlatform(
            Platform.GITHUB,
            PlatformClientConfig.defaults().withGithubApiBase(config.githubApiBase()));
  }

  // Says once whether polling can work, so a laptop run or a deployment shows it in the log.
  void onStart(@Observes StartupEvent event, ServiceIdentityConfig identity) {
    if (calls.configured()) {
      LOG.infof(
          "GitHub-polled sync is on: service identity '%s', repo-config at %s, schedule %s",
          identity.clientId().orElse(""),
          config.repoConfigUrl(),
          config.scheduleEnabled() ? "on" : "off on this replica");
    } else {
      LOG.info(
          "GitHub-polled sync is off: no service identity (vigil.service-identity.token-url,"
              + " client-id, client-secret)");
    }
  }

  /** Queues a sync of the tenant's polled sources and returns at once. */
  public void trigger(UUID tenant) {
    worker.execute(() -> syncAll(tenant));
  }

  @Scheduled(
      every = "${vigil.sync.polling.every:5m}",
      delayed = "${vigil.sync.polling.first-delay:1m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void scheduled() {
    if (!config.scheduleEnabled() || !calls.configured()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      if (!tryLock(c)) {
        return; // another replica runs this round
      }
      try {
        syncAll(null);
      } finally {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
          ps.setLong(1, SCHEDULE_LOCK);
          ps.execute();
        }
      }
    } catch (SQLException e) {
      LOG.error("polled sync round failed", e);
    }
  }

  /** Syncs every polled source of one tenant, or of all tenants when {@code tenant} is null. */
  public void syncAll(UUID tenant) {
    List<SyncSourceRow> sources = tx.inTransaction(c -> SyncStore.polledSources(c, tenant));
    for (SyncSourceRow source : sources) {
      try {
        syncOne(source);
      } catch (RuntimeException e) {
        LOG.errorf(e, "polled sync of source %s failed", source.id());
      }
    }
  }

  /** Fetches and syncs one source; answers whether it was synced (false: unchanged or failed). */
  public boolean syncOne(SyncSourceRow source) {
    Path archive = null;
    try {
      PlatformCredentials credentials =
          calls.credentials(source.tenantId(), source.repoConnectionId());
      archive = Files.createTempFile("vigil-sync-", ".zip");
      try (InputStream in =
          github.downloadArchive(
              credentials, source.repository(), source.branch(), config.maxArchiveBytes())) {
        Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
      }
      String head = headCommit(archive);
      if (head != null && head.equals(source.lastCommitSha())) {
        return false;
      }
      RepositorySnapshot snapshot = ZipballReader.read(archive, true);
      var result = sync.sync(source, snapshot, head, null);
      return result.failures().isEmpty();
    } catch (ServiceCalls.CallFailed | ArchiveException e) {
      sync.recordError(source, null, e.getMessage());
    } catch (PlatformException e) {
      sync.recordError(
          source, null, "GitHub archive of " + source.repository() + " failed: " + e.kind());
    } catch (IOException e) {
      sync.recordError(
          source, null, "GitHub archive of " + source.repository() + " could not be read");
    } finally {
      if (archive != null) {
        try {
          Files.deleteIfExists(archive);
        } catch (IOException e) {
          LOG.debug("temporary archive not deleted", e);
        }
      }
    }
    return false;
  }

  /** The commit a GitHub zipball holds: GitHub writes its full SHA as the archive comment. */
  static String headCommit(Path archive) throws IOException {
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(archive.toFile())) {
      String comment = zip.getComment();
      return comment != null && SHA.matcher(comment.trim()).matches() ? comment.trim() : null;
    } catch (java.util.zip.ZipException e) {
      return null;
    }
  }

  private static boolean tryLock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, SCHEDULE_LOCK);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }
}
