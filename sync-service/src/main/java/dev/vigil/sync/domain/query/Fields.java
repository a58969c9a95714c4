package dev.vigil.sync.domain.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a column path ({@code a.b.c}, {@code tags[*]}, {@code rows[0].x}) in an event. Events
 * may hold dotted keys literally ({@code "@scnr.source_type": …}) or nested ({@code "@scnr":
 * {"source_type": …}}), or a mix, so every split of the path into keys is tried. Arrays are
 * searched element by element.
 */
public final class Fields {

  private Fields() {}

  /** One path segment: a key part and the indexes after it ({@code *} or a number). */
  private record Segment(String name, List<String> indexes) {}

  /** The leaf values at the path (array elements flattened), in document order. */
  public static List<JsonNode> values(JsonNode root, String path) {
    List<Segment> segments = segments(path);
    List<JsonNode> out = new ArrayList<>();
    resolve(root, segments, 0, out);
    return out;
  }

  /** The first value at the path, or null. */
  public static JsonNode first(JsonNode root, String path) {
    List<JsonNode> values = values(root, path);
    return values.isEmpty() ? null : values.get(0);
  }

  /** Every leaf value in the event. */
  public static List<JsonNode> allLeaves(JsonNode root) {
    List<JsonNode> out = new ArrayList<>();
    collectLeaves(root, out);
    return out;
  }

  private static void collectLeaves(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      node.forEach(child -> collectLeaves(child, out));
    } else if (!node.isNull()) {
      out.add(node);
    }
  }

  private static List<Segment> segments(String path) {
    List<Segment> segments = new ArrayList<>();
    for (String part : path.split("\\.", -1)) {
      int bracket = part.indexOf('[');
      if (bracket < 0 || !part.endsWith("]")) {
        segments.add(new Segment(part, List.of()));
        continue;
      }
      List<String> indexes = new ArrayList<>();
      for (String index : part.substring(bracket + 1, part.length() - 1).split("\\]\\[", -1)) {
        indexes.add(index.trim());
      }
      segments.add(new Segment(part.substring(0, bracket), indexes));
    }
    return segments;
  }

  private static void resolve(JsonNode node, List<Segment> segments, int from, List<JsonNode> out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    if (from == segments.size()) {
      if (node.isArray()) {
        node.forEach(element -> resolve(element, segments, from, out));
      } else {
        out.add(node);
      }
      return;
    }
    if (node.isArray()) {
      node.forEach(element -> resolve(element, segments, from, out));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    // Longest literal key first: "@scnr.source_type" before "@scnr" -> "source_type".
    StringBuilder key = new StringBuilder();
    List<String> keys = new ArrayList<>();
    for (int to = from; to < segments.size(); to++) {
      if (to > from) {
        key.append('.');
      }
      key.append(segments.get(to).name());
      keys.add(key.toString());
      if (!segments.get(to).indexes().isEmpty()) {
        break;
      }
    }
    for (int i = keys.size() - 1; i >= 0; i--) {
      JsonNode child = node.get(keys.get(i));
      if (child == null) {
        continue;
      }
      Segment last = segments.get(from + i);
      for (JsonNode indexed : applyIndexes(child, last.indexes())) {
        resolve(indexed, segments, from + i + 1, out);
      }
    }
  }

  private static List<JsonNode> applyIndexes(JsonNode node, List<String> indexes) {
    List<JsonNode> current = List.of(node);
    for (String index : indexes) {
      List<JsonNode> nextLevel = new ArrayList<>();
      for (JsonNode value : current) {
        if (!value.isArray()) {
          continue;
        }
        if (index.equals("*") || index.isEmpty()) {
          value.forEach(nextLevel::add);
        } else {
          try {
            JsonNode element = value.get(Integer.parseInt(index));
            if (element != null) {
              nextLevel.add(element);
            }
          } catch (NumberFormatException e) {
            // Not an index: nothing there.
          }
        }
      }
      current = nextLevel;
    }
    return current;
  }

  /** The text a value is matched as: strings as they are, numbers without a trailing ".0". */
  public static String text(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNumber()) {
      if (value.isIntegralNumber()) {
        return value.bigIntegerValue().toString();
      }
      double d = value.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
    return value.toString();
  }

  /** The numeric value of a number or numeric string, or null. */
  public static Double number(JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (value.isTextual() && QueryParser.isNumber(value.textValue().trim())) {
      return Double.parseDouble(value.textValue().trim());
    }
    return null;
  }
}
