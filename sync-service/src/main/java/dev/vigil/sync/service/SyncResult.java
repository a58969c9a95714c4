package dev.vigil.sync.service;

import dev.vigil.sync.domain.repo.SyncPlanner.FileFailure;
import java.util.List;
import java.util.UUID;

/**
 * The outcome of one sync of a source, with the field names scanner-cli relays.
 *
 * @param attemptId the recorded attempt
 */
public record SyncResult(
    UUID attemptId,
    String pushKey,
    String branch,
    String commitSha,
    String commitMessage,
    int detectionRulesSynced,
    int detectionRulesDeleted,
    List<FileFailure> failures,
    List<Warning> warnings) {

  /** Warnings about one rule file. */
  public record Warning(String filePath, UUID detectionRuleId, List<String> messages) {}
}
