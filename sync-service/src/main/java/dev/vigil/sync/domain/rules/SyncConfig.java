package dev.vigil.sync.domain.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A repository's sync config: which event sinks each symbolic {@code event_sink_keys} entry of a
 * rule stands for. The YAML maps each key to a list of {@code {sink_id: <uuid>}} (scanner-cli's
 * format); a bare uuid or a list of uuids is accepted too. No file means no keys.
 */
public record SyncConfig(Map<String, List<UUID>> eventSinks) {

  private static final int MAX_KEYS = 1000;

  public static final SyncConfig EMPTY = new SyncConfig(Map.of());

  /** The sinks of a key, if the config defines it. */
  public Optional<List<UUID>> sinks(String key) {
    return Optional.ofNullable(eventSinks.get(key));
  }

  /** The sync config file is unusable. */
  public static final class InvalidSyncConfig extends Exception {
    public InvalidSyncConfig(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Parses a sync config; blank text is an empty config.
   *
   * @throws InputLimitExceeded when the YAML is beyond a safety limit
   */
  public static SyncConfig parse(String yaml) throws InvalidSyncConfig {
    if (yaml == null || yaml.isBlank()) {
      return EMPTY;
    }
    SafeYaml.Document document;
    try {
      document = SafeYaml.parse(yaml);
    } catch (SafeYaml.YamlException e) {
      if (e.limitExceeded()) {
        throw new InputLimitExceeded(e.getMessage());
      }
      throw new InvalidSyncConfig(
          e.getMessage() + (e.position() == null ? "" : " (" + e.position() + ")"));
    }
    JsonNode root = document.root();
    if (root == null || root.isNull()) {
      return EMPTY;
    }
    if (!root.isObject()) {
      throw new InvalidSyncConfig("sync config must be a YAML mapping");
    }
    JsonNode keys = root.get("event_sink_keys");
    if (keys == null || keys.isNull()) {
      return EMPTY;
    }
    if (!keys.isObject()) {
      throw new InvalidSyncConfig(
          "event_sink_keys must map each key to its event sinks ("
              + document.positionOf("/event_sink_keys")
              + ")");
    }
    if (keys.size() > MAX_KEYS) {
      throw new InvalidSyncConfig("event_sink_keys has more than " + MAX_KEYS + " keys");
    }
    Map<String, List<UUID>> sinks = new LinkedHashMap<>();
    var fields = keys.fields();
    while (fields.hasNext()) {
      var entry = fields.next();
      String pointer = "/event_sink_keys/" + entry.getKey().replace("~", "~0").replace("/", "~1");
      List<UUID> ids = new ArrayList<>();
      JsonNode value = entry.getValue();
      List<JsonNode> items = new ArrayList<>();
      if (value.isArray()) {
        value.forEach(items::add);
      } else {
        items.add(value);
      }
      for (JsonNode item : items) {
        JsonNode id = item.isObject() ? item.get("sink_id") : item;
        if (id == null || !id.isTextual()) {
          throw new InvalidSyncConfig(
              "event_sink_keys."
                  + entry.getKey()
                  + ": each entry needs a sink_id ("
                  + document.positionOf(pointer)
                  + ")");
        }
        try {
          ids.add(UUID.fromString(id.textValue().trim()));
        } catch (IllegalArgumentException e) {
          throw new InvalidSyncConfig(
              "event_sink_keys."
                  + entry.getKey()
                  + ": sink_id is not a UUID ("
                  + document.positionOf(pointer)
                  + ")");
        }
      }
      sinks.put(entry.getKey(), List.copyOf(ids));
    }
    return new SyncConfig(Map.copyOf(sinks));
  }
}
