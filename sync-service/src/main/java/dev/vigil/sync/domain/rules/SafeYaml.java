package dev.vigil.sync.domain.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses untrusted YAML into a JSON tree without constructing any Java object from tags: SnakeYAML
 * only composes nodes, with its own limits on input size, nesting and aliases, and the conversion
 * bounds the expanded size so an alias bomb cannot blow up. Every node's position is kept (by JSON
 * pointer) so errors can name a line and column.
 */
public final class SafeYaml {

  /** Largest YAML text accepted, in code points. */
  public static final int MAX_CODE_POINTS = 1024 * 1024;

  private static final int MAX_ALIASES = 50;
  private static final int MAX_NESTING = 50;
  private static final int MAX_EXPANDED_NODES = 100_000;

  private static final java.util.Set<Tag> STANDARD_TAGS =
      java.util.Set.of(
          Tag.MAP, Tag.SEQ, Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

  /** Suffix of the pointer under which a scalar's first content character is recorded. */
  public static final String CONTENT = "#content";

  private SafeYaml() {}

  /** A parsed document: the JSON tree and the 1-based position of each node by JSON pointer. */
  public record Document(JsonNode root, Map<String, Position> positions) {

    /** The position of the node at the pointer, or of its closest ancestor that has one. */
    public Position positionOf(String pointer) {
      String p = pointer;
      while (true) {
        Position found = positions.get(p);
        if (found != null || p.isEmpty()) {
          return found;
        }
        p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
      }
    }
  }

  /** A 1-based line and column in the YAML text. */
  public record Position(int line, int column) {
    static Position of(Mark mark) {
      return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    @Override
    public String toString() {
      return "line: " + line + ", column: " + column;
    }
  }

  /** The YAML is malformed or exceeds a limit. */
  public static final class YamlException extends Exception {
    private final transient Position position;
    private final boolean limitExceeded;

    YamlException(String message, Position position) {
      this(message, position, false);
    }

    private YamlException(String message, Position position, boolean limitExceeded) {
      super(message, null, false, false);
      this.position = position;
      this.limitExceeded = limitExceeded;
    }

    static YamlException limit(String message, Position position) {
      return new YamlException(message, position, true);
    }

    /** Where the problem is, or null. */
    public Position position() {
      return position;
    }

    /**
     * Whether the document is refused for its size, aliases, nesting or expansion rather than for a
     * mistake in it: such input is hostile or accidental on a scale no rule file needs.
     */
    public boolean limitExceeded() {
      return limitExceeded;
    }
  }

  // SnakeYAML reports its own limits as plain YAMLExceptions with these messages.
  private static final java.util.List<String> SNAKEYAML_LIMITS =
      java.util.List.of(
          "Number of aliases for non-scalar nodes exceeds",
          "Nesting Depth exceeded",
          "The incoming YAML document exceeds the limit");

  /** Parses one YAML document; an empty text gives a null root. */
  public static Document parse(String text) throws YamlException {
    if (text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
      throw YamlException.limit(
          "YAML document is larger than " + MAX_CODE_POINTS + " characters", null);
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setProcessComments(false);
    Node node;
    try {
      node = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      if (isLimit(e.getMessage())) {
        throw YamlException.limit(
            "YAML document exceeds a limit: " + firstLine(e.getMessage()), null);
      }
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : "invalid YAML";
      String context = e.getContext() != null ? e.getContext() + ": " : "";
      throw new YamlException(
          "invalid YAML: " + context + problem, mark == null ? null : Position.of(mark));
    } catch (YAMLException e) {
      if (isLimit(e.getMessage())) {
        throw YamlException.limit(
            "YAML document exceeds a limit: " + firstLine(e.getMessage()), null);
      }
      throw new YamlException("invalid YAML: " + firstLine(e.getMessage()), null);
    }
    Map<String, Position> positions = new HashMap<>();
    if (node == null) {
      return new Document(null, positions);
    }
    int[] budget = {MAX_EXPANDED_NODES};
    JsonNode root = convert(node, "", positions, budget, text.split("\n", -1));
    return new Document(root, positions);
  }

  private static JsonNode convert(
      Node node, String pointer, Map<String, Position> positions, int[] budget, String[] lines)
      throws YamlException {
    if (--budget[0] < 0) {
      throw YamlException.limit(
          "YAML document expands to more than " + MAX_EXPANDED_NODES + " nodes",
          Position.of(node.getStartMark()));
    }
    positions.putIfAbsent(pointer, Position.of(node.getStartMark()));
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (!STANDARD_TAGS.contains(node.getTag())) {
      throw new YamlException(
          "unsupported YAML tag " + node.getTag().getValue(), Position.of(node.getStartMark()));
    }
    if (node instanceof MappingNode mapping) {
      ObjectNode object = f.objectNode();
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
          throw new YamlException(
              "mapping keys must be plain scalars", Position.of(tuple.getKeyNode().getStartMark()));
        }
        String key = keyNode.getValue();
        String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
        positions.put(child + "#key", Position.of(keyNode.getStartMark()));
        object.set(key, convert(tuple.getValueNode(), child, positions, budget, lines));
      }
      return object;
    }
    if (node instanceof SequenceNode sequence) {
      ArrayNode array = f.arrayNode();
      int i = 0;
      for (Node item : sequence.getValue()) {
        array.add(convert(item, pointer + "/" + i++, positions, budget, lines));
      }
      return array;
    }
    ScalarNode scalar = (ScalarNode) node;
    positions.put(pointer + CONTENT, contentStart(scalar, lines));
    String value = scalar.getValue();
    Tag tag = scalar.getTag();
    if (Tag.NULL.equals(tag)) {
      return f.nullNode();
    }
    if (Tag.BOOL.equals(tag)) {
      return f.booleanNode(
          value.equalsIgnoreCase("true")
              || value.equalsIgnoreCase("yes")
              || value.equalsIgnoreCase("on"));
    }
    if (Tag.INT.equals(tag)) {
      try {
        return f.numberNode(new BigInteger(value.replace("_", "")));
      } catch (NumberFormatException e) {
        return f.textNode(value);
      }
    }
    if (Tag.FLOAT.equals(tag)) {
      try {
        return f.numberNode(Double.parseDouble(value.replace("_", "")));
      } catch (NumberFormatException e) {
        return f.textNode(value);
      }
    }
    return f.textNode(value);
  }

  // Where a scalar's text begins: the line after the indicator for | and > blocks, else just
  // inside the quotes.
  private static Position contentStart(ScalarNode scalar, String[] lines) {
    Mark start = scalar.getStartMark();
    DumperOptions.ScalarStyle style = scalar.getScalarStyle();
    if (style == DumperOptions.ScalarStyle.LITERAL || style == DumperOptions.ScalarStyle.FOLDED) {
      int line = start.getLine() + 1;
      String text = line < lines.length ? lines[line] : "";
      int indent = 0;
      while (indent < text.length() && text.charAt(indent) == ' ') {
        indent++;
      }
      return new Position(line + 1, indent + 1);
    }
    boolean quoted =
        style == DumperOptions.ScalarStyle.DOUBLE_QUOTED
            || style == DumperOptions.ScalarStyle.SINGLE_QUOTED;
    return new Position(start.getLine() + 1, start.getColumn() + (quoted ? 2 : 1));
  }

  private static boolean isLimit(String message) {
    return message != null && SNAKEYAML_LIMITS.stream().anyMatch(message::contains);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable document";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
