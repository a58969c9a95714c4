package dev.vigil.sync.domain.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sync.domain.query.Query;
import java.util.List;
import java.util.UUID;

/**
 * A validated rule file.
 *
 * @param enabledState Active, Staging or Paused (legacy {@code true} is Active, {@code false}
 *     Paused; absent is Active)
 * @param syncKey the rule's {@code push_key} or legacy {@code sync_key}, or null
 * @param eventSinkIds the sinks its {@code event_sink_keys} resolve to, in order, distinct
 * @param alertTemplate the {@code alert_template} object, or null
 */
public record DetectionRuleDefinition(
    String name,
    String description,
    String severity,
    String enabledState,
    String queryText,
    int timeRangeS,
    int runFrequencyS,
    List<String> tags,
    List<String> eventSinkKeys,
    List<UUID> eventSinkIds,
    JsonNode alertTemplate,
    Integer dedupWindowS,
    Boolean alertPerRow,
    String syncKey,
    Query query,
    List<RuleTest> tests) {}
