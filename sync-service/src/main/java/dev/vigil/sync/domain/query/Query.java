package dev.vigil.sync.domain.query;

import java.util.List;

/** A parsed query: a filter over events, then pipe stages over the result rows. */
public record Query(Filter filter, List<Stage> stages) {

  /** A boolean condition over one event or row. */
  public sealed interface Filter {}

  /** Every event. */
  public record MatchAll() implements Filter {}

  /** All of the parts. */
  public record And(List<Filter> parts) implements Filter {}

  /** Any of the parts. */
  public record Or(List<Filter> parts) implements Filter {}

  /** The negation. */
  public record Not(Filter inner) implements Filter {}

  /** {@code @index={…}}: which index to search; every test dataset is one index. */
  public record IndexScope(String indexes) implements Filter {}

  /** A term without a field: matches when any value of the event matches. */
  public record FreeText(ValueTest value) implements Filter {}

  /** {@code field:value} (token match) or {@code field=value}, {@code field>N} and so on. */
  public record FieldTest(String field, Operator operator, ValueTest value) implements Filter {}

  /** The comparison between a field and a value. */
  public enum Operator {
    CONTAINS,
    EQUALS,
    NOT_EQUALS,
    LESS,
    LESS_OR_EQUAL,
    GREATER,
    GREATER_OR_EQUAL
  }

  /** A value or a boolean group of values ({@code (a b c)} is any of them). */
  public sealed interface ValueTest {}

  /** One literal; {@code quoted} literals keep spaces, {@code *} is a wildcard in both. */
  public record Literal(String text, boolean quoted) implements ValueTest {}

  /** All of the values. */
  public record AllOf(List<ValueTest> parts) implements ValueTest {}

  /** Any of the values. */
  public record AnyOf(List<ValueTest> parts) implements ValueTest {}

  /** Not the value. */
  public record NoneOf(ValueTest inner) implements ValueTest {}

  /** One pipe stage. */
  public sealed interface Stage {}

  /** {@code | where condition}. */
  public record Where(Filter condition) implements Stage {}

  /** {@code | groupbycount(a, b)}: one row per distinct combination, with {@code @q.count}. */
  public record GroupByCount(List<String> fields) implements Stage {}

  /** {@code | stats fn(x) as y, … by a, b}. */
  public record Stats(List<Aggregate> aggregates, List<String> by) implements Stage {}

  /** {@code | count}: one row with {@code @q.count}. */
  public record Count() implements Stage {}

  /** {@code | countdistinct(a)}: one row with {@code @q.count}, the number of distinct values. */
  public record CountDistinct(String field) implements Stage {}

  /** {@code | eval name = expression}. */
  public record Eval(String name, Expression expression) implements Stage {}

  /** {@code | table a, b}. */
  public record Table(List<String> fields) implements Stage {}

  /** {@code | rename a as b, …}. */
  public record Rename(List<List<String>> pairs) implements Stage {}

  /** {@code | head N}. */
  public record Head(int rows) implements Stage {}

  /** One aggregate of {@code stats}: function, its column (null for {@code count()}), alias. */
  public record Aggregate(String function, String field, String alias) {}

  /** An {@code eval} expression. */
  public sealed interface Expression {}

  /** A column reference. */
  public record Column(String field) implements Expression {}

  /** A string or number literal. */
  public record Constant(String text) implements Expression {}

  /** A binary operation: comparison ({@code == != < <= > >=}), arithmetic or and/or. */
  public record Binary(String operator, Expression left, Expression right) implements Expression {}
}
