package dev.vigil.sync.domain.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.sync.domain.query.Query.Aggregate;
import dev.vigil.sync.domain.query.Query.AllOf;
import dev.vigil.sync.domain.query.Query.And;
import dev.vigil.sync.domain.query.Query.AnyOf;
import dev.vigil.sync.domain.query.Query.Binary;
import dev.vigil.sync.domain.query.Query.Column;
import dev.vigil.sync.domain.query.Query.Constant;
import dev.vigil.sync.domain.query.Query.Count;
import dev.vigil.sync.domain.query.Query.CountDistinct;
import dev.vigil.sync.domain.query.Query.Eval;
import dev.vigil.sync.domain.query.Query.Expression;
import dev.vigil.sync.domain.query.Query.FieldTest;
import dev.vigil.sync.domain.query.Query.Filter;
import dev.vigil.sync.domain.query.Query.FreeText;
import dev.vigil.sync.domain.query.Query.GroupByCount;
import dev.vigil.sync.domain.query.Query.Head;
import dev.vigil.sync.domain.query.Query.IndexScope;
import dev.vigil.sync.domain.query.Query.Literal;
import dev.vigil.sync.domain.query.Query.MatchAll;
import dev.vigil.sync.domain.query.Query.NoneOf;
import dev.vigil.sync.domain.query.Query.Not;
import dev.vigil.sync.domain.query.Query.Operator;
import dev.vigil.sync.domain.query.Query.Or;
import dev.vigil.sync.domain.query.Query.Rename;
import dev.vigil.sync.domain.query.Query.Stage;
import dev.vigil.sync.domain.query.Query.Stats;
import dev.vigil.sync.domain.query.Query.Table;
import dev.vigil.sync.domain.query.Query.ValueTest;
import dev.vigil.sync.domain.query.Query.Where;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs a parsed {@link Query} over in-memory events (the inline test datasets). {@code :} is a
 * case-insensitive token match (characters other than letters, digits and {@code _} separate
 * tokens; {@code *} is a wildcard within a token), {@code =} an exact match, comparisons numeric.
 * Aggregations over no rows give no rows, so an empty window never detects.
 */
public final class QueryEvaluator {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String COUNT = "@q.count";

  private QueryEvaluator() {}

  /** The result rows of the query over the events. */
  public static List<ObjectNode> run(Query query, List<ObjectNode> events) {
    List<ObjectNode> rows = new ArrayList<>();
    for (ObjectNode event : events) {
      if (matches(query.filter(), event)) {
        rows.add(event);
      }
    }
    for (Stage stage : query.stages()) {
      rows = apply(stage, rows);
    }
    return rows;
  }

  // ---- filters ----

  static boolean matches(Filter filter, JsonNode event) {
    return switch (filter) {
      case MatchAll all -> true;
      case IndexScope scope -> true;
      case And and -> and.parts().stream().allMatch(part -> matches(part, event));
      case Or or -> or.parts().stream().anyMatch(part -> matches(part, event));
      case Not not -> !matches(not.inner(), event);
      case FreeText text -> test(text.value(), Operator.CONTAINS, Fields.allLeaves(event));
      case FieldTest field -> {
        List<JsonNode> values = Fields.values(event, field.field());
        if (field.operator() == Operator.NOT_EQUALS) {
          yield !test(field.value(), Operator.EQUALS, values);
        }
        yield test(field.value(), field.operator(), values);
      }
    };
  }

  private static boolean test(ValueTest test, Operator operator, List<JsonNode> values) {
    return switch (test) {
      case AnyOf any -> any.parts().stream().anyMatch(part -> test(part, operator, values));
      case AllOf all -> all.parts().stream().allMatch(part -> test(part, operator, values));
      case NoneOf none -> !test(none.inner(), operator, values);
      case Literal literal -> values.stream().anyMatch(value -> matchOne(literal, operator, value));
    };
  }

  private static boolean matchOne(Literal literal, Operator operator, JsonNode value) {
    String text = Fields.text(value);
    if (text == null) {
      return false;
    }
    return switch (operator) {
      case CONTAINS -> literal.text().equals("*") || tokenMatch(literal.text(), text);
      case EQUALS, NOT_EQUALS ->
          literal.text().contains("*")
              ? glob(literal.text(), false).matcher(text).matches()
              : literal.text().equals(text);
      case LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> {
        Double number = Fields.number(value);
        if (number == null) {
          yield false;
        }
        int order = Double.compare(number, Double.parseDouble(literal.text()));
        yield switch (operator) {
          case LESS -> order < 0;
          case LESS_OR_EQUAL -> order <= 0;
          case GREATER -> order > 0;
          default -> order >= 0;
        };
      }
    };
  }

  /** True when the literal's tokens occur, in order and adjacent, among the text's tokens. */
  static boolean tokenMatch(String literal, String text) {
    List<String> wanted = tokens(literal, true);
    if (wanted.isEmpty()) {
      return text.toLowerCase(Locale.ROOT).contains(literal.toLowerCase(Locale.ROOT));
    }
    List<String> have = tokens(text, false);
    List<Pattern> patterns = new ArrayList<>(wanted.size());
    for (String token : wanted) {
      patterns.add(token.contains("*") ? glob(token, true) : null);
    }
    for (int start = 0; start + wanted.size() <= have.size(); start++) {
      boolean all = true;
      for (int i = 0; i < wanted.size() && all; i++) {
        Pattern pattern = patterns.get(i);
        String candidate = have.get(start + i);
        all =
            pattern == null
                ? candidate.equals(wanted.get(i))
                : pattern.matcher(candidate).matches();
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static List<String> tokens(String text, boolean keepWildcards) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '_' || (keepWildcards && c == '*')) {
        current.append(Character.toLowerCase(c));
      } else if (!current.isEmpty()) {
        tokens.add(current.toString());
        current.setLength(0);
      }
    }
    if (!current.isEmpty()) {
      tokens.add(current.toString());
    }
    return tokens;
  }

  private static Pattern glob(String pattern, boolean caseInsensitive) {
    StringBuilder regex = new StringBuilder();
    for (String piece : pattern.split("\\*", -1)) {
      if (!regex.isEmpty() || pattern.startsWith("*")) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(piece));
    }
    String body = pattern.startsWith("*") ? regex.substring(2) : regex.toString();
    return Pattern.compile(
        body, caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL);
  }

  // ---- stages ----

  private static List<ObjectNode> apply(Stage stage, List<ObjectNode> rows) {
    return switch (stage) {
      case Where where -> rows.stream().filter(row -> matches(where.condition(), row)).toList();
      case GroupByCount group ->
          aggregate(rows, group.fields(), List.of(new Aggregate("count", null, COUNT)));
      case Stats stats -> aggregate(rows, stats.by(), stats.aggregates());
      case Count count -> aggregate(rows, List.of(), List.of(new Aggregate("count", null, COUNT)));
      case CountDistinct distinct ->
          aggregate(
              rows, List.of(), List.of(new Aggregate("countdistinct", distinct.field(), COUNT)));
      case Eval eval -> {
        List<ObjectNode> out = new ArrayList<>(rows.size());
        for (ObjectNode row : rows) {
          ObjectNode copy = row.deepCopy();
          copy.set(eval.name(), evaluate(eval.expression(), row));
          out.add(copy);
        }
        yield out;
      }
      case Table table -> {
        List<ObjectNode> out = new ArrayList<>(rows.size());
        for (ObjectNode row : rows) {
          ObjectNode projected = JSON.objectNode();
          for (String field : table.fields()) {
            JsonNode value = Fields.first(row, field);
            projected.set(field, value == null ? JSON.nullNode() : value);
          }
          out.add(projected);
        }
        yield out;
      }
      case Rename rename -> {
        List<ObjectNode> out = new ArrayList<>(rows.size());
        for (ObjectNode row : rows) {
          ObjectNode copy = row.deepCopy();
          for (List<String> pair : rename.pairs()) {
            JsonNode value = Fields.first(copy, pair.get(0));
            copy.remove(pair.get(0));
            if (value != null) {
              copy.set(pair.get(1), value);
            }
          }
          out.add(copy);
        }
        yield out;
      }
      case Head head -> rows.subList(0, Math.min(head.rows(), rows.size()));
    };
  }

  private static List<ObjectNode> aggregate(
      List<ObjectNode> rows, List<String> by, List<Aggregate> aggregates) {
    Map<List<String>, List<ObjectNode>> groups = new LinkedHashMap<>();
    Map<List<String>, List<JsonNode>> keyValues = new LinkedHashMap<>();
    for (ObjectNode row : rows) {
      List<String> key = new ArrayList<>(by.size());
      List<JsonNode> values = new ArrayList<>(by.size());
      for (String field : by) {
        JsonNode value = Fields.first(row, field);
        key.add(Fields.text(value));
        values.add(value);
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
      keyValues.putIfAbsent(key, values);
    }
    List<ObjectNode> out = new ArrayList<>(groups.size());
    for (Map.Entry<List<String>, List<ObjectNode>> group : groups.entrySet()) {
      ObjectNode result = JSON.objectNode();
      List<JsonNode> values = keyValues.get(group.getKey());
      for (int i = 0; i < by.size(); i++) {
        result.set(by.get(i), values.get(i) == null ? JSON.nullNode() : values.get(i));
      }
      for (Aggregate aggregate : aggregates) {
        result.set(aggregate.alias(), compute(aggregate, group.getValue()));
      }
      out.add(result);
    }
    return out;
  }

  private static JsonNode compute(Aggregate aggregate, List<ObjectNode> rows) {
    if (aggregate.function().equals("count")) {
      if (aggregate.field() == null) {
        return JSON.numberNode(rows.size());
      }
      return JSON.numberNode(
          rows.stream().filter(r -> Fields.first(r, aggregate.field()) != null).count());
    }
    List<JsonNode> values = new ArrayList<>();
    for (ObjectNode row : rows) {
      values.addAll(Fields.values(row, aggregate.field()));
    }
    switch (aggregate.function()) {
      case "countdistinct" -> {
        Set<String> distinct = new HashSet<>();
        values.forEach(v -> distinct.add(Fields.text(v)));
        return JSON.numberNode(distinct.size());
      }
      case "sum", "avg" -> {
        double sum = 0;
        int n = 0;
        for (JsonNode value : values) {
          Double number = Fields.number(value);
          if (number != null) {
            sum += number;
            n++;
          }
        }
        if (aggregate.function().equals("sum")) {
          return JSON.numberNode(sum);
        }
        return n == 0 ? JSON.nullNode() : JSON.numberNode(sum / n);
      }
      default -> {
        boolean max = aggregate.function().equals("max");
        JsonNode best = null;
        for (JsonNode value : values) {
          if (best == null || (max ? compare(value, best) > 0 : compare(value, best) < 0)) {
            best = value;
          }
        }
        return best == null ? JSON.nullNode() : best;
      }
    }
  }

  private static int compare(JsonNode a, JsonNode b) {
    Double x = Fields.number(a);
    Double y = Fields.number(b);
    if (x != null && y != null) {
      return Double.compare(x, y);
    }
    return Objects.requireNonNullElse(Fields.text(a), "")
        .compareTo(Objects.requireNonNullElse(Fields.text(b), ""));
  }

  private static JsonNode evaluate(Expression expression, ObjectNode row) {
    return switch (expression) {
      case Column column -> {
        JsonNode value = Fields.first(row, column.field());
        yield value == null ? JSON.nullNode() : value;
      }
      case Constant constant ->
          QueryParser.isNumber(constant.text())
              ? JSON.numberNode(Double.parseDouble(constant.text()))
              : JSON.textNode(constant.text());
      case Binary binary -> {
        JsonNode left = evaluate(binary.left(), row);
        JsonNode right = evaluate(binary.right(), row);
        yield switch (binary.operator()) {
          case "and" -> JSON.booleanNode(left.asBoolean() && right.asBoolean());
          case "or" -> JSON.booleanNode(left.asBoolean() || right.asBoolean());
          case "==", "!=" -> {
            boolean equal =
                !left.isNull()
                    && !right.isNull()
                    && compare(left, right) == 0
                    && (Fields.number(left) != null) == (Fields.number(right) != null);
            yield JSON.booleanNode(binary.operator().equals("==") == equal);
          }
          case "<", "<=", ">", ">=" -> {
            if (left.isNull() || right.isNull()) {
              yield JSON.booleanNode(false);
            }
            int order = compare(left, right);
            yield JSON.booleanNode(
                switch (binary.operator()) {
                  case "<" -> order < 0;
                  case "<=" -> order <= 0;
                  case ">" -> order > 0;
                  default -> order >= 0;
                });
          }
          default -> {
            Double x = Fields.number(left);
            Double y = Fields.number(right);
            if (x == null || y == null) {
              yield JSON.nullNode();
            }
            yield switch (binary.operator()) {
              case "+" -> JSON.numberNode(x + y);
              case "-" -> JSON.numberNode(x - y);
              case "*" -> JSON.numberNode(x * y);
              default -> y == 0 ? JSON.nullNode() : JSON.numberNode(x / y);
            };
          }
        };
      }
    };
  }
}
