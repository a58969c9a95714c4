package dev.vigil.repoconfig.service;

import dev.vigil.repoconfig.config.KekConfig;
import dev.vigil.repoconfig.domain.CredentialCipher;
import dev.vigil.repoconfig.domain.CredentialCryptoException;
import dev.vigil.repoconfig.domain.KeyRing;
import dev.vigil.repoconfig.domain.SealedCredentials;
import dev.vigil.repoconfig.persistence.MaintenanceRepository;
import dev.vigil.repoconfig.persistence.MaintenanceRepository.BatchResult;
import dev.vigil.repoconfig.persistence.MaintenanceRepository.StoredEnvelope;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Key rotation: re-wraps every envelope whose data key is wrapped under a key other than the active
 * one, in small batches with short transactions, so the service keeps serving meanwhile. Runs in
 * the background after startup, periodically, and on demand ({@code POST
 * /internal/v1/credentials/rewrap}). Only the 48-byte wrapped data key changes; the credential
 * ciphertext stays as it is.
 */
@ApplicationScoped
public class CredentialRotation {

  private static final Logger LOG = Logger.getLogger(CredentialRotation.class);

  /**
   * Outcome of a pass.
   *
   * @param failed envelopes that could not be re-wrapped (e.g. their key is no longer in the ring)
   * @param remaining envelopes still not under the active key after the pass
   */
  public record RewrapReport(String activeKeyId, int rewrapped, int failed, long remaining) {}

  private final KeyRing keyRing;
  private final CredentialCipher cipher;
  private final MaintenanceRepository store;
  private final KekConfig config;

  public CredentialRotation(
      KeyRing keyRing, CredentialCipher cipher, MaintenanceRepository store, KekConfig config) {
    this.keyRing = keyRing;
    this.cipher = cipher;
    this.store = store;
    this.config = config;
  }

  // Resolving the key ring here makes a missing or invalid key configuration fail startup.
  void onStart(@Observes StartupEvent event) {
    LOG.infof(
        "credential key ring: active key %s, key ids %s", keyRing.activeKeyId(), keyRing.keyIds());
    if (config.rewrapOnStartup()) {
      Thread.ofPlatform().name("kek-rewrap").daemon().start(this::rewrapQuietly);
    }
  }

  @Scheduled(
      every = "${vigil.repo-config.kek.rewrap-every:10m}",
      delayed = "${vigil.repo-config.kek.rewrap-every:10m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void periodic() {
    rewrapQuietly();
  }

  private void rewrapQuietly() {
    try {
      rewrapAll();
    } catch (SQLException | RuntimeException e) {
      LOG.warnf("credential re-wrap pass failed (%s); the next pass retries", describe(e));
    }
  }

  /** One pass over every envelope not under the active key. Passes never overlap. */
  public synchronized RewrapReport rewrapAll() throws SQLException {
    String active = keyRing.activeKeyId();
    int batchSize = Math.max(1, config.rewrapBatchSize());
    String after = "";
    int rewrapped = 0;
    int failed = 0;
    while (true) {
      BatchResult batch = store.rewrapBatch(active, after, batchSize, this::rewrapOne);
      rewrapped += batch.rewrapped();
      failed += batch.failed();
      after = batch.lastId();
      if (batch.selected() < batchSize) {
        break;
      }
    }
    long remaining = store.countNotWrappedUnder(active);
    if (rewrapped > 0 || failed > 0 || remaining > 0) {
      LOG.infof(
          "credential re-wrap to key %s: %d re-wrapped, %d failed, %d remaining",
          active, rewrapped, failed, remaining);
    }
    return new RewrapReport(active, rewrapped, failed, remaining);
  }

  private Optional<SealedCredentials> rewrapOne(StoredEnvelope envelope) {
    try {
      return Optional.of(
          cipher.rewrap(
              envelope.sealed(),
              CredentialCipher.contextFor(envelope.tenantId(), envelope.connectionId())));
    } catch (CredentialCryptoException e) {
      // kek_id is constrained to [A-Za-z0-9._-], so it is safe to log; key material never is.
      LOG.warnf(
          "connection %s: cannot re-wrap credentials wrapped under key %s (%s)",
          envelope.connectionId(), envelope.sealed().kekId(), e.reason());
      return Optional.empty();
    }
  }

  private static String describe(Exception e) {
    return e instanceof SQLException sql
        ? "SQL state " + sql.getSQLState()
        : e.getClass().getSimpleName();
  }
}
