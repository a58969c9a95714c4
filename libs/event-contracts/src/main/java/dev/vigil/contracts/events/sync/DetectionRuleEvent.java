package dev.vigil.contracts.events.sync;

import java.util.Objects;
import java.util.UUID;

/**
 * Payload of {@code detection-rule.upserted} and {@code detection-rule.deleted} on {@code
 * vigil.sync.v1}. secrets-service scans {@code content} for secrets leaked into rule files.
 *
 * @param syncSourceId the sync source (UUID) the rule came from, also the Kafka key; null for a
 *     rule upserted on its own by push key (the key is then the rule id).
 * @param ruleId the detection rule (UUID).
 * @param name the rule's name.
 * @param path path of the rule file inside the synced repository, e.g. {@code rules/aws.yml}; for a
 *     rule upserted by push key, its push key.
 * @param sha256 lower-case hex SHA-256 of the rule file; on delete, of its last synced version.
 * @param content the rule file's text (UTF-8), at most 256 KiB; null on {@code
 *     detection-rule.deleted}.
 */
public record DetectionRuleEvent(
    UUID syncSourceId, UUID ruleId, String name, String path, String sha256, String content) {

  /** Validates the required fields. */
  public DetectionRuleEvent {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
  }
}
