package dev.vigil.contracts.events.sync;

import java.util.Objects;
import java.util.UUID;

/**
 * Payload of {@code sync.attempt.succeeded} and {@code sync.attempt.failed} on {@code
 * vigil.sync.v1}: the outcome of one sync of a detection-rules sync source.
 *
 * @param syncSourceId the sync source (UUID); also the Kafka key.
 * @param attemptId this attempt (UUID).
 * @param repository what was synced: the repository full name ({@code owner/repo}) of a
 *     GitHub-polled source, the push key of a user-pushed source.
 * @param commitSha revision the attempt synced, verbatim as given (a user-pushed upload may add
 *     {@code +dirty}); null when a polled attempt failed before resolving it.
 * @param rulesUpserted detection rules created or updated; 0 on failure.
 * @param rulesDeleted detection rules deleted because their file disappeared; 0 on failure.
 * @param error why the attempt failed, fit to show to the tenant (never credentials); null on
 *     success.
 */
public record SyncAttemptEvent(
    UUID syncSourceId,
    UUID attemptId,
    String repository,
    String commitSha,
    int rulesUpserted,
    int rulesDeleted,
    String error) {

  /** Validates the identity fields. */
  public SyncAttemptEvent {
    Objects.requireNonNull(syncSourceId, "syncSourceId");
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(repository, "repository");
  }
}
