package dev.vigil.sync.domain.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.sync.domain.query.Fields;
import dev.vigil.sync.domain.query.QueryEvaluator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a rule's inline tests: each test's events inside {@code [now − time_range_s, now)} go
 * through the query; the test passes when "at least one row" equals {@code
 * expected_detection_result}. {@code now} is {@code now_timestamp} rounded up to the run frequency,
 * or by default the first run after the latest event.
 */
public final class RuleTestRunner {

  private static final List<String> TIME_FIELDS = List.of("timestamp", "@scnr.datetime");

  private RuleTestRunner() {}

  /** One test's outcome: whether it passed and how many rows the query returned. */
  public record TestResult(String name, boolean passed, int rows, boolean expected) {
    /** Scanner's status word. */
    public String status() {
      return passed ? "Passed" : "Failed";
    }
  }

  /** Runs every test, in order. */
  public static List<TestResult> run(DetectionRuleDefinition rule) {
    List<TestResult> results = new ArrayList<>();
    long frequencyMillis = rule.runFrequencyS() * 1000L;
    long rangeMillis = rule.timeRangeS() * 1000L;
    for (RuleTest test : rule.tests()) {
      List<Instant> times = new ArrayList<>(test.events().size());
      Instant latest = null;
      for (ObjectNode event : test.events()) {
        Instant time = eventTime(event);
        times.add(time);
        if (time != null && (latest == null || time.isAfter(latest))) {
          latest = time;
        }
      }
      long now;
      if (test.now() != null) {
        now = ceil(test.now().toEpochMilli(), frequencyMillis);
      } else if (latest != null) {
        now =
            Math.floorDiv(latest.toEpochMilli(), frequencyMillis) * frequencyMillis
                + frequencyMillis;
      } else {
        now = Long.MAX_VALUE;
      }
      List<ObjectNode> inWindow = new ArrayList<>();
      for (int i = 0; i < test.events().size(); i++) {
        ObjectNode event = test.events().get(i);
        Instant time = times.get(i);
        if (time == null) {
          inWindow.add(event);
          continue;
        }
        long at = time.toEpochMilli();
        if (at >= now - rangeMillis && at < now) {
          inWindow.add(event);
        }
      }
      int rows = QueryEvaluator.run(rule.query(), inWindow).size();
      boolean detected = rows > 0;
      results.add(
          new TestResult(
              test.name(), detected == test.expectedDetection(), rows, test.expectedDetection()));
    }
    return List.copyOf(results);
  }

  /** The first failing test as a sync failure reason, or null when all pass. */
  public static RuleFailure failure(List<TestResult> results) {
    List<String> failed = new ArrayList<>();
    for (TestResult result : results) {
      if (!result.passed()) {
        failed.add(
            "test '"
                + result.name()
                + "' failed: expected detection "
                + result.expected()
                + ", the query returned "
                + result.rows()
                + (result.rows() == 1 ? " row" : " rows"));
      }
    }
    return failed.isEmpty()
        ? null
        : new RuleFailure(CheckStatus.FailedTests, String.join("; ", failed));
  }

  private static long ceil(long millis, long step) {
    return Math.floorDiv(millis + step - 1, step) * step;
  }

  private static Instant eventTime(ObjectNode event) {
    for (String field : TIME_FIELDS) {
      JsonNode value = Fields.first(event, field);
      if (value == null) {
        continue;
      }
      if (value.isNumber()) {
        long number = value.longValue();
        return number > 100_000_000_000L
            ? Instant.ofEpochMilli(number)
            : Instant.ofEpochSecond(number);
      }
      Instant parsed = RuleValidator.parseInstant(value.asText());
      if (parsed != null) {
        return parsed;
      }
    }
    return null;
  }
}
