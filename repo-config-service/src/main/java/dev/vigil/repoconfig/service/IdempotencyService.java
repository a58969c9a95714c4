package dev.vigil.repoconfig.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.repoconfig.config.IdempotencyConfig;
import dev.vigil.repoconfig.domain.RequestFingerprinter.Fingerprint;
import dev.vigil.repoconfig.persistence.IdempotencyKeyRepository;
import dev.vigil.repoconfig.persistence.IdempotencyKeyRepository.StoredKey;
import dev.vigil.repoconfig.persistence.MaintenanceRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code Idempotency-Key} semantics, scoped to tenant + project:
 *
 * <ol>
 *   <li>{@link #begin} claims the key in its own short transaction; the primary key decides which
 *       of several concurrent requests wins.
 *   <li>The winner does its work and calls {@link #complete} inside that work's transaction, so the
 *       stored response exists exactly when the effect does.
 *   <li>If the work fails, {@link #release} frees the key for a retry.
 * </ol>
 *
 * A later request with the same key and fingerprint gets the stored response; with another
 * fingerprint a 422 {@code IDEMPOTENCY_KEY_REUSED}; while the first is in flight a 409.
 */
@ApplicationScoped
public class IdempotencyService {

  private static final Logger LOG = Logger.getLogger(IdempotencyService.class);
  private static final int CLAIM_ATTEMPTS = 3;

  /** What a request holding a key does next. */
  public sealed interface Begin {
    /** The key is ours: do the work. */
    record Proceed(IdempotencyClaim claim) implements Begin {}

    /** The key was completed before: answer with its stored response. */
    record Replay(int status, String body) implements Begin {}
  }

  private final IdempotencyKeyRepository keys;
  private final MaintenanceRepository maintenance;
  private final IdempotencyConfig config;
  private final ObjectMapper json;

  public IdempotencyService(
      IdempotencyKeyRepository keys,
      MaintenanceRepository maintenance,
      IdempotencyConfig config,
      ObjectMapper json) {
    this.keys = keys;
    this.maintenance = maintenance;
    this.config = config;
    this.json = json;
  }

  public Uni<Begin> begin(UUID tenantId, UUID projectId, String key, Fingerprint fingerprint) {
    return attempt(
        new IdempotencyClaim(tenantId, projectId, key, fingerprint.value()),
        fingerprint,
        CLAIM_ATTEMPTS);
  }

  private Uni<Begin> attempt(IdempotencyClaim claim, Fingerprint fingerprint, int attemptsLeft) {
    return Panache.withTransaction(
            () ->
                keys.claim(
                    claim.tenantId(),
                    claim.projectId(),
                    claim.key(),
                    claim.fingerprint(),
                    config.ttl(),
                    config.inFlightLease()))
        .chain(
            claimed -> {
              if (claimed) {
                return Uni.createFrom().item(new Begin.Proceed(claim));
              }
              return Panache.withSession(
                      () -> keys.find(claim.tenantId(), claim.projectId(), claim.key()))
                  .chain(stored -> decide(claim, fingerprint, stored, attemptsLeft));
            });
  }

  private Uni<Begin> decide(
      IdempotencyClaim claim, Fingerprint fingerprint, StoredKey stored, int attemptsLeft) {
    if (stored == null) {
      // Released or expired between our claim and our read: claim again.
      return attemptsLeft > 1
          ? attempt(claim, fingerprint, attemptsLeft - 1)
          : Uni.createFrom().failure(ServiceErrors.idempotencyKeyInFlight());
    }
    if (!fingerprint.matches(stored.fingerprint())) {
      return Uni.createFrom().failure(ServiceErrors.idempotencyKeyReused());
    }
    if (!stored.completed()) {
      return Uni.createFrom().failure(ServiceErrors.idempotencyKeyInFlight());
    }
    return Uni.createFrom().item(new Begin.Replay(stored.status(), stored.body()));
  }

  /** Stores the response of a claimed key; must run inside the work's transaction. */
  public Uni<Void> complete(Optional<IdempotencyClaim> claim, int status, Object body) {
    if (claim.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    IdempotencyClaim c = claim.get();
    String bodyJson;
    try {
      bodyJson = json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      return Uni.createFrom().failure(new IllegalStateException("response not serialisable"));
    }
    return keys.complete(c.tenantId(), c.projectId(), c.key(), c.fingerprint(), status, bodyJson)
        .replaceWithVoid();
  }

  /** Frees a claimed key after the work failed; a failure to do so only delays retries. */
  public Uni<Void> release(Optional<IdempotencyClaim> claim) {
    if (claim.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    IdempotencyClaim c = claim.get();
    return Panache.withTransaction(
            () -> keys.release(c.tenantId(), c.projectId(), c.key(), c.fingerprint()))
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.warnf(
                  "could not release an idempotency key (%s); it expires after its lease",
                  e.getClass().getSimpleName());
              return null;
            });
  }

  @Scheduled(
      every = "${vigil.repo-config.idempotency.purge-every:1h}",
      delayed = "1m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void purgeExpired() {
    try {
      int purged = maintenance.purgeExpiredIdempotencyKeys();
      if (purged > 0) {
        LOG.infof("purged %d expired idempotency keys", purged);
      }
    } catch (SQLException e) {
      LOG.warnf("purging expired idempotency keys failed: %s", e.getSQLState());
    }
  }
}
