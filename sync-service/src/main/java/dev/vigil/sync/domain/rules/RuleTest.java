package dev.vigil.sync.domain.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One inline test of a rule.
 *
 * @param name the test's name (the key of its result)
 * @param now the evaluation time given by {@code now_timestamp}, or null for "latest event"
 * @param events the parsed {@code dataset_inline} lines
 * @param expectedDetection whether the query should return at least one row
 */
public record RuleTest(
    String name, Instant now, List<ObjectNode> events, boolean expectedDetection) {}
