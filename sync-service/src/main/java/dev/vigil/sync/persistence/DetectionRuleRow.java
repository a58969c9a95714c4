package dev.vigil.sync.persistence;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code detection_rule}; list-valued columns are JSON text. */
public record DetectionRuleRow(
    UUID id,
    UUID tenantId,
    UUID syncSourceId,
    String filePath,
    String syncKey,
    String name,
    String description,
    String severity,
    String enabledState,
    String queryText,
    int timeRangeS,
    int runFrequencyS,
    String tagsJson,
    String eventSinkKeysJson,
    String eventSinkIdsJson,
    String alertTemplateJson,
    Integer dedupWindowS,
    Boolean alertPerRow,
    String ruleYaml,
    String sha256,
    Instant createdAt,
    Instant updatedAt) {}
