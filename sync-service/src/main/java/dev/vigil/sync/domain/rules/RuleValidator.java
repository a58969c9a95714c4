package dev.vigil.sync.domain.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vigil.sync.domain.query.Query;
import dev.vigil.sync.domain.query.QueryException;
import dev.vigil.sync.domain.query.QueryParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Validates one rule file: safe YAML, the rule JSON Schema ({@code detection-rule.schema.json},
 * unknown keys rejected), timing, {@code event_sink_keys} against the sync config, the query and
 * the inline test datasets. The first failing check decides the answer, as Scanner reports one
 * status per file.
 */
public final class RuleValidator {

  /** The header scanner-cli looks for in a file to treat it as a rule. */
  public static final String SCHEMA_HEADER =
      "# schema: https://scanner.dev/schema/scanner-detection-rule.v1.json";

  /** Largest rule file, in bytes of UTF-8 (the event contract carries the file's text). */
  public static final int MAX_RULE_BYTES = 256 * 1024;

  /** Longest query, in code points (the schema's {@code maxLength} says the same). */
  public static final int MAX_QUERY_CHARS = 65_536;

  private static final int MAX_TEST_EVENTS = 10_000;
  private static final int MAX_SCHEMA_MESSAGES = 3;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchema SCHEMA = loadSchema();

  private RuleValidator() {}

  /** The result: a rule or a failure, and warnings either way. */
  public record Outcome(DetectionRuleDefinition rule, RuleFailure failure, List<String> warnings) {
    public boolean valid() {
      return failure == null;
    }
  }

  /** The message for a rule file above {@link #MAX_RULE_BYTES}. */
  public static String tooLarge() {
    return "rule file is larger than " + MAX_RULE_BYTES / 1024 + " KiB";
  }

  /**
   * Validates a rule file.
   *
   * @param syncConfig the repository's sync config; empty to skip resolving {@code event_sink_keys}
   *     (single-file validation has no sync config)
   * @throws InputLimitExceeded when the file is beyond a safety limit rather than merely wrong
   */
  public static Outcome validate(String text, Optional<SyncConfig> syncConfig) {
    List<String> warnings = new ArrayList<>();
    if (text.length() > MAX_RULE_BYTES
        || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_RULE_BYTES) {
      throw new InputLimitExceeded(tooLarge());
    }
    SafeYaml.Document document;
    try {
      document = SafeYaml.parse(text);
    } catch (SafeYaml.YamlException e) {
      if (e.limitExceeded()) {
        throw new InputLimitExceeded(e.getMessage());
      }
      return fail(RuleFailure.inRule(e.getMessage(), e.position()), warnings);
    }
    JsonNode root = document.root();
    if (root == null || !root.isObject()) {
      return fail(
          RuleFailure.inRule("a rule file must be a YAML mapping", document.positionOf("")),
          warnings);
    }
    JsonNode queryNode = root.get("query_text");
    if (queryNode != null
        && queryNode.isTextual()
        && queryNode.textValue().length() > MAX_QUERY_CHARS
        && queryNode.textValue().codePointCount(0, queryNode.textValue().length())
            > MAX_QUERY_CHARS) {
      throw new InputLimitExceeded(
          "query_text is longer than "
              + MAX_QUERY_CHARS
              + " characters ("
              + document.positionOf("/query_text")
              + ")");
    }
    RuleFailure schemaFailure = checkSchema(root, document);
    if (schemaFailure != null) {
      return fail(schemaFailure, warnings);
    }
    int timeRange = root.get("time_range_s").intValue();
    int runFrequency = root.get("run_frequency_s").intValue();
    if (runFrequency > timeRange) {
      return fail(
          RuleFailure.inRule(
              "run_frequency_s ("
                  + runFrequency
                  + ") must not be greater than time_range_s ("
                  + timeRange
                  + ")",
              document.positionOf("/run_frequency_s")),
          warnings);
    }
    String enabledState = "Active";
    JsonNode enabled = root.get("enabled");
    if (enabled != null && enabled.isBoolean()) {
      enabledState = enabled.booleanValue() ? "Active" : "Paused";
      warnings.add(
          "enabled: "
              + enabled.booleanValue()
              + " is a legacy boolean; use Active, Staging or Paused ("
              + document.positionOf("/enabled")
              + ")");
    } else if (enabled != null) {
      enabledState = enabled.textValue();
    }
    List<String> sinkKeys = strings(root.get("event_sink_keys"));
    LinkedHashSet<UUID> sinkIds = new LinkedHashSet<>();
    if (syncConfig.isPresent()) {
      for (int i = 0; i < sinkKeys.size(); i++) {
        String key = sinkKeys.get(i);
        Optional<List<UUID>> sinks = syncConfig.get().sinks(key);
        if (sinks.isEmpty()) {
          return fail(
              RuleFailure.inRule(
                  "event_sink_keys: '"
                      + key
                      + "' is not defined in the sync config's event_sink_keys",
                  document.positionOf("/event_sink_keys/" + i)),
              warnings);
        }
        sinkIds.addAll(sinks.get());
      }
    }
    String queryText = root.get("query_text").textValue();
    Query query;
    try {
      query = QueryParser.parse(queryText);
    } catch (QueryException e) {
      SafeYaml.Position at = queryPosition(document, e);
      return fail(
          new RuleFailure(
              CheckStatus.ErrorInQuery,
              "query_text: " + e.getMessage() + (at == null ? "" : " (" + at + ")")),
          warnings);
    }
    List<RuleTest> tests = new ArrayList<>();
    JsonNode testNodes = root.get("tests");
    if (testNodes != null) {
      for (int i = 0; i < testNodes.size(); i++) {
        JsonNode test = testNodes.get(i);
        String pointer = "/tests/" + i;
        Instant now = null;
        JsonNode nowNode = test.get("now_timestamp");
        if (nowNode != null && !nowNode.isNull()) {
          now = parseInstant(nowNode.asText());
          if (now == null) {
            return fail(
                RuleFailure.inRule(
                    "tests[" + i + "].now_timestamp is not an RFC 3339 timestamp",
                    document.positionOf(pointer + "/now_timestamp")),
                warnings);
          }
        }
        List<ObjectNode> events = new ArrayList<>();
        String[] lines = test.get("dataset_inline").textValue().split("\n", -1);
        for (int line = 0; line < lines.length; line++) {
          String jsonLine = lines[line].trim();
          if (jsonLine.isEmpty()) {
            continue;
          }
          JsonNode event;
          try {
            event = JSON.readTree(jsonLine);
          } catch (IOException e) {
            event = null;
          }
          if (event == null || !event.isObject()) {
            SafeYaml.Position start =
                document.positionOf(pointer + "/dataset_inline" + SafeYaml.CONTENT);
            SafeYaml.Position at =
                start == null ? null : new SafeYaml.Position(start.line() + line, start.column());
            return fail(
                RuleFailure.inRule(
                    "tests[" + i + "].dataset_inline line " + (line + 1) + " is not a JSON object",
                    at),
                warnings);
          }
          if (events.size() == MAX_TEST_EVENTS) {
            throw new InputLimitExceeded(
                "tests["
                    + i
                    + "].dataset_inline has more than "
                    + MAX_TEST_EVENTS
                    + " events ("
                    + document.positionOf(pointer + "/dataset_inline")
                    + ")");
          }
          events.add((ObjectNode) event);
        }
        tests.add(
            new RuleTest(
                test.get("name").textValue(),
                now,
                List.copyOf(events),
                test.get("expected_detection_result").booleanValue()));
      }
    }
    String syncKey =
        root.hasNonNull("push_key")
            ? root.get("push_key").textValue()
            : root.hasNonNull("sync_key") ? root.get("sync_key").textValue() : null;
    DetectionRuleDefinition rule =
        new DetectionRuleDefinition(
            root.get("name").textValue(),
            root.get("description").textValue(),
            root.get("severity").textValue(),
            enabledState,
            queryText,
            timeRange,
            runFrequency,
            strings(root.get("tags")),
            sinkKeys,
            List.copyOf(sinkIds),
            root.get("alert_template"),
            root.hasNonNull("dedup_window_s") ? root.get("dedup_window_s").intValue() : null,
            root.hasNonNull("alert_per_row") ? root.get("alert_per_row").booleanValue() : null,
            syncKey,
            query,
            List.copyOf(tests));
    return new Outcome(rule, null, List.copyOf(warnings));
  }

  /** Whether a file is a rule file as scanner-cli decides it: a YAML name and the header. */
  public static boolean isRuleFile(String path, String text) {
    String lower = path.toLowerCase(java.util.Locale.ROOT);
    return (lower.endsWith(".yml") || lower.endsWith(".yaml")) && text.contains(SCHEMA_HEADER);
  }

  private static RuleFailure checkSchema(JsonNode root, SafeYaml.Document document) {
    List<ValidationMessage> messages = new ArrayList<>(SCHEMA.validate(root));
    if (messages.isEmpty()) {
      return null;
    }
    record Located(String text, SafeYaml.Position at) {}
    List<Located> located = new ArrayList<>();
    for (ValidationMessage message : messages) {
      String pointer = pointer(message);
      SafeYaml.Position at =
          message.getProperty() != null && "additionalProperties".equals(message.getType())
              ? document.positions().getOrDefault(pointer + "#key", document.positionOf(pointer))
              : document.positionOf(pointer);
      located.add(new Located(describe(message, pointer), at));
    }
    located.sort(
        Comparator.comparing((Located l) -> l.at() == null ? Integer.MAX_VALUE : l.at().line())
            .thenComparing(Located::text));
    StringBuilder reason = new StringBuilder();
    int shown = Math.min(MAX_SCHEMA_MESSAGES, located.size());
    for (int i = 0; i < shown; i++) {
      Located l = located.get(i);
      if (i > 0) {
        reason.append("; ");
      }
      reason.append(l.text());
      if (l.at() != null) {
        reason.append(" (").append(l.at()).append(')');
      }
    }
    if (located.size() > shown) {
      reason.append("; and ").append(located.size() - shown).append(" more");
    }
    return new RuleFailure(CheckStatus.ErrorInRule, reason.toString());
  }

  private static String pointer(ValidationMessage message) {
    StringBuilder pointer = new StringBuilder();
    var location = message.getInstanceLocation();
    for (int i = 0; i < location.getNameCount(); i++) {
      pointer
          .append('/')
          .append(String.valueOf(location.getElement(i)).replace("~", "~0").replace("/", "~1"));
    }
    if ("additionalProperties".equals(message.getType()) || "required".equals(message.getType())) {
      if (message.getProperty() != null && "additionalProperties".equals(message.getType())) {
        pointer.append('/').append(message.getProperty().replace("~", "~0").replace("/", "~1"));
      }
    }
    return pointer.toString();
  }

  private static String describe(ValidationMessage message, String pointer) {
    String field = pointer.isEmpty() ? "rule" : pointer.substring(1).replace('/', '.');
    return switch (message.getType()) {
      case "additionalProperties" -> "unknown key '" + message.getProperty() + "'";
      case "required" -> "missing required key '" + message.getProperty() + "'";
      default -> field + ": " + stripLocation(message.getMessage());
    };
  }

  private static String stripLocation(String text) {
    int colon = text.indexOf(": ");
    return (text.startsWith("$") || text.startsWith("/")) && colon > 0
        ? text.substring(colon + 2)
        : text;
  }

  private static SafeYaml.Position queryPosition(SafeYaml.Document document, QueryException e) {
    SafeYaml.Position content = document.positions().get("/query_text" + SafeYaml.CONTENT);
    if (content == null) {
      return null;
    }
    int line = content.line() + e.line() - 1;
    int column =
        e.line() == 1 || content.column() > 1 ? content.column() + e.column() - 1 : e.column();
    return new SafeYaml.Position(line, column);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(item -> values.add(item.textValue()));
    }
    return List.copyOf(values);
  }

  static Instant parseInstant(String text) {
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text.trim());
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  private static Outcome fail(RuleFailure failure, List<String> warnings) {
    return new Outcome(null, failure, List.copyOf(warnings));
  }

  private static JsonSchema loadSchema() {
    try (InputStream in =
        RuleValidator.class.getResourceAsStream("/dev/vigil/sync/detection-rule.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("detection-rule.schema.json missing from the classpath");
      }
      // Messages in one language whatever the machine's locale: they are part of the API answer.
      SchemaValidatorsConfig config =
          SchemaValidatorsConfig.builder().locale(java.util.Locale.ENGLISH).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
