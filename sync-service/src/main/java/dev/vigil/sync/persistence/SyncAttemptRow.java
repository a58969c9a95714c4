package dev.vigil.sync.persistence;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code sync_attempt}; failures and warnings are JSON arrays as answered. */
public record SyncAttemptRow(
    UUID id,
    UUID syncSourceId,
    String status,
    String commitSha,
    String commitMessage,
    int rulesSynced,
    int rulesDeleted,
    String failuresJson,
    String warningsJson,
    String error,
    Instant startedAt,
    Instant finishedAt) {}
