package dev.vigil.sync.persistence;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code sync_source}. */
public record SyncSourceRow(
    UUID id,
    UUID tenantId,
    String kind,
    String pushKey,
    String branch,
    String repoConnectionId,
    String repository,
    String directory,
    String syncConfigPath,
    String lastCommitSha,
    Instant lastSyncedAt,
    Instant createdAt) {

  public static final String PUSH = "push";
  public static final String GITHUB_POLLED = "github_polled";
}
