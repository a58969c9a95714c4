package dev.vigil.sync.domain.query;

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
import dev.vigil.sync.domain.query.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses Scanner's query language: a filter (terms on separate lines or side by side are ANDed;
 * {@code and}, {@code or}, {@code not}, parentheses; {@code field:value}, {@code field=value},
 * numeric comparisons, value groups) followed by pipe stages. Errors carry the position.
 */
public final class QueryParser {

  private static final int MAX_DEPTH = 64;
  private static final Set<String> AGGREGATES =
      Set.of("count", "countdistinct", "min", "max", "sum", "avg");

  private final List<Token> tokens;
  private int index;
  private int depth;

  private QueryParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** Parses a whole query. */
  public static Query parse(String text) throws QueryException {
    QueryParser parser = new QueryParser(Lexer.tokenize(text));
    return parser.query();
  }

  private Query query() throws QueryException {
    Filter filter = peek().is(Kind.END) || peek().is(Kind.PIPE) ? new MatchAll() : or();
    List<Stage> stages = new ArrayList<>();
    while (peek().is(Kind.PIPE)) {
      next();
      stages.add(stage());
    }
    Token end = peek();
    if (!end.is(Kind.END)) {
      throw error(end, "unexpected " + describe(end));
    }
    return new Query(filter, List.copyOf(stages));
  }

  // ---- filters ----

  private Filter or() throws QueryException {
    enter();
    List<Filter> parts = new ArrayList<>();
    parts.add(and());
    while (peek().isKeyword("or")) {
      next();
      parts.add(and());
    }
    depth--;
    return parts.size() == 1 ? parts.get(0) : new Or(List.copyOf(parts));
  }

  private Filter and() throws QueryException {
    List<Filter> parts = new ArrayList<>();
    parts.add(unary());
    while (true) {
      if (peek().isKeyword("and")) {
        next();
        parts.add(unary());
      } else if (startsTerm(peek())) {
        parts.add(unary());
      } else {
        break;
      }
    }
    return parts.size() == 1 ? parts.get(0) : new And(List.copyOf(parts));
  }

  private static boolean startsTerm(Token token) {
    return switch (token.kind()) {
      case WORD -> !token.isKeyword("and") && !token.isKeyword("or");
      case STRING, BACKTICK, LPAREN -> true;
      default -> false;
    };
  }

  private Filter unary() throws QueryException {
    if (peek().isKeyword("not")) {
      next();
      enter();
      Filter inner = unary();
      depth--;
      return new Not(inner);
    }
    return primary();
  }

  private Filter primary() throws QueryException {
    Token token = next();
    switch (token.kind()) {
      case LPAREN -> {
        Filter inner = or();
        expect(
            Kind.RPAREN,
            "')' to close the '(' at line " + token.line() + ", column " + token.column());
        return inner;
      }
      case WORD, STRING, BACKTICK -> {
        if (token.is(Kind.WORD) && token.text().equalsIgnoreCase("@index") && peek().is(Kind.EQ)) {
          next();
          Token braced = expect(Kind.BRACED, "'{' after @index=");
          return new IndexScope(braced.text().trim());
        }
        Operator operator = operator(peek());
        if (operator == null) {
          if (token.is(Kind.WORD) && token.text().equals("*")) {
            return new MatchAll();
          }
          return new FreeText(new Literal(token.text(), !token.is(Kind.WORD)));
        }
        Token operatorToken = next();
        ValueTest value;
        if (operator == Operator.CONTAINS
            || operator == Operator.EQUALS
            || operator == Operator.NOT_EQUALS) {
          value = peek().is(Kind.LPAREN) ? valueGroup() : literal();
        } else {
          Token number = next();
          if (!(number.is(Kind.WORD) || number.is(Kind.STRING)) || !isNumber(number.text())) {
            throw error(
                number,
                "'" + operatorToken.text() + "' compares numbers only; found " + describe(number));
          }
          value = new Literal(number.text(), number.is(Kind.STRING));
        }
        return new FieldTest(token.text(), operator, value);
      }
      default -> throw error(token, "unexpected " + describe(token));
    }
  }

  private static Operator operator(Token token) {
    return switch (token.kind()) {
      case COLON -> Operator.CONTAINS;
      case EQ, EQEQ -> Operator.EQUALS;
      case NEQ -> Operator.NOT_EQUALS;
      case LT -> Operator.LESS;
      case LE -> Operator.LESS_OR_EQUAL;
      case GT -> Operator.GREATER;
      case GE -> Operator.GREATER_OR_EQUAL;
      default -> null;
    };
  }

  private ValueTest valueGroup() throws QueryException {
    Token open = expect(Kind.LPAREN, "'('");
    enter();
    List<ValueTest> parts = new ArrayList<>();
    while (true) {
      if (peek().is(Kind.RPAREN)) {
        break;
      }
      if (peek().isKeyword("or")) {
        next();
        continue;
      }
      if (peek().is(Kind.END)) {
        throw error(open, "'(' is never closed");
      }
      parts.add(valueAnd());
    }
    next();
    depth--;
    if (parts.isEmpty()) {
      throw error(open, "empty value group '()'");
    }
    return parts.size() == 1 ? parts.get(0) : new AnyOf(List.copyOf(parts));
  }

  private ValueTest valueAnd() throws QueryException {
    List<ValueTest> parts = new ArrayList<>();
    parts.add(valueUnary());
    while (peek().isKeyword("and")) {
      next();
      parts.add(valueUnary());
    }
    return parts.size() == 1 ? parts.get(0) : new AllOf(List.copyOf(parts));
  }

  private ValueTest valueUnary() throws QueryException {
    if (peek().isKeyword("not")) {
      next();
      return new NoneOf(valueUnary());
    }
    if (peek().is(Kind.LPAREN)) {
      return valueGroup();
    }
    return literal();
  }

  private Literal literal() throws QueryException {
    Token token = next();
    if (token.is(Kind.WORD) || token.is(Kind.STRING)) {
      return new Literal(token.text(), token.is(Kind.STRING));
    }
    throw error(token, "expected a value, found " + describe(token));
  }

  // ---- stages ----

  private Stage stage() throws QueryException {
    Token name = next();
    if (!name.is(Kind.WORD)) {
      throw error(name, "expected a command after '|', found " + describe(name));
    }
    Stage stage =
        switch (name.text().toLowerCase(Locale.ROOT)) {
          case "where" -> new Where(or());
          case "groupbycount" -> new GroupByCount(parenthesisedFields(name));
          case "stats" -> stats();
          case "count" -> {
            optionalEmptyParens();
            yield new Count();
          }
          case "countdistinct" -> {
            List<String> fields = parenthesisedFields(name);
            if (fields.size() != 1) {
              throw error(name, "countdistinct takes exactly one column");
            }
            yield new CountDistinct(fields.get(0));
          }
          case "eval" -> eval();
          case "table" -> new Table(fieldList(true));
          case "rename" -> rename();
          case "head" -> head();
          default -> throw error(name, "unknown command '" + name.text() + "'");
        };
    Token after = peek();
    if (!after.is(Kind.PIPE) && !after.is(Kind.END)) {
      throw error(after, "unexpected " + describe(after) + " after '" + name.text() + "'");
    }
    return stage;
  }

  private List<String> parenthesisedFields(Token command) throws QueryException {
    if (!peek().is(Kind.LPAREN)) {
      throw error(command, "'" + command.text() + "' needs a column list in parentheses");
    }
    List<String> fields = fieldList(true);
    if (fields.isEmpty()) {
      throw error(command, "'" + command.text() + "' needs at least one column");
    }
    return fields;
  }

  private List<String> fieldList(boolean allowParens) throws QueryException {
    boolean parens = allowParens && peek().is(Kind.LPAREN);
    if (parens) {
      next();
    }
    List<String> fields = new ArrayList<>();
    if (!(parens && peek().is(Kind.RPAREN))) {
      fields.add(field());
      while (peek().is(Kind.COMMA)) {
        next();
        fields.add(field());
      }
    }
    if (parens) {
      expect(Kind.RPAREN, "')'");
    }
    return List.copyOf(fields);
  }

  private String field() throws QueryException {
    Token token = next();
    if (token.is(Kind.WORD) || token.is(Kind.BACKTICK) || token.is(Kind.STRING)) {
      return token.text();
    }
    throw error(token, "expected a column name, found " + describe(token));
  }

  private Stats stats() throws QueryException {
    List<Aggregate> aggregates = new ArrayList<>();
    do {
      if (!aggregates.isEmpty()) {
        next();
      }
      Token function = next();
      String name = function.text().toLowerCase(Locale.ROOT);
      if (!function.is(Kind.WORD) || !AGGREGATES.contains(name)) {
        throw error(
            function,
            "expected an aggregate ("
                + String.join(", ", AGGREGATES.stream().sorted().toList())
                + "), found "
                + describe(function));
      }
      expect(Kind.LPAREN, "'(' after " + function.text());
      String column = peek().is(Kind.RPAREN) ? null : field();
      expect(Kind.RPAREN, "')'");
      if (column == null && !name.equals("count")) {
        throw error(function, name + "() needs a column");
      }
      String alias = name.equals("count") ? "@q.count" : name + "(" + column + ")";
      if (peek().isKeyword("as")) {
        next();
        alias = field();
      }
      aggregates.add(new Aggregate(name, column, alias));
    } while (peek().is(Kind.COMMA));
    List<String> by = List.of();
    if (peek().isKeyword("by")) {
      next();
      by = fieldList(false);
    }
    return new Stats(List.copyOf(aggregates), by);
  }

  private Eval eval() throws QueryException {
    String name = field();
    expect(Kind.EQ, "'=' after the eval column name");
    return new Eval(name, expression());
  }

  private Expression expression() throws QueryException {
    enter();
    Expression left = conjunction();
    while (peek().isKeyword("or")) {
      next();
      left = new Binary("or", left, conjunction());
    }
    depth--;
    return left;
  }

  private Expression conjunction() throws QueryException {
    Expression left = comparison();
    while (peek().isKeyword("and")) {
      next();
      left = new Binary("and", left, comparison());
    }
    return left;
  }

  private Expression comparison() throws QueryException {
    Expression left = sum();
    String operator =
        switch (peek().kind()) {
          case EQ, EQEQ -> "==";
          case NEQ -> "!=";
          case LT -> "<";
          case LE -> "<=";
          case GT -> ">";
          case GE -> ">=";
          default -> null;
        };
    if (operator == null) {
      return left;
    }
    next();
    return new Binary(operator, left, sum());
  }

  private Expression sum() throws QueryException {
    Expression left = product();
    while (peek().is(Kind.PLUS) || peek().is(Kind.MINUS)) {
      String operator = next().text();
      left = new Binary(operator, left, product());
    }
    return left;
  }

  private Expression product() throws QueryException {
    Expression left = atom();
    while (peek().is(Kind.SLASH) || (peek().is(Kind.WORD) && peek().text().equals("*"))) {
      String operator = next().text();
      left = new Binary(operator, left, atom());
    }
    return left;
  }

  private Expression atom() throws QueryException {
    Token token = next();
    return switch (token.kind()) {
      case LPAREN -> {
        Expression inner = expression();
        expect(Kind.RPAREN, "')'");
        yield inner;
      }
      case BACKTICK -> new Column(token.text());
      case STRING -> new Constant(token.text());
      case WORD -> isNumber(token.text()) ? new Constant(token.text()) : new Column(token.text());
      default -> throw error(token, "expected a column or value, found " + describe(token));
    };
  }

  private Rename rename() throws QueryException {
    boolean parens = peek().is(Kind.LPAREN);
    if (parens) {
      next();
    }
    List<List<String>> pairs = new ArrayList<>();
    do {
      if (!pairs.isEmpty()) {
        next();
      }
      String from = field();
      if (!peek().isKeyword("as")) {
        throw error(peek(), "expected 'as' in rename");
      }
      next();
      pairs.add(List.of(from, field()));
    } while (peek().is(Kind.COMMA));
    if (parens) {
      expect(Kind.RPAREN, "')'");
    }
    return new Rename(List.copyOf(pairs));
  }

  private Head head() throws QueryException {
    boolean parens = peek().is(Kind.LPAREN);
    if (parens) {
      next();
    }
    Head head = new Head(10);
    if (peek().is(Kind.WORD)) {
      Token count = next();
      try {
        head = new Head(Integer.parseInt(count.text()));
      } catch (NumberFormatException e) {
        throw error(count, "head takes a whole number of rows, found " + describe(count));
      }
      if (head.rows() < 0) {
        throw error(count, "head takes a whole number of rows, found " + describe(count));
      }
    }
    if (parens) {
      expect(Kind.RPAREN, "')'");
    }
    return head;
  }

  private void optionalEmptyParens() throws QueryException {
    if (peek().is(Kind.LPAREN)) {
      next();
      expect(Kind.RPAREN, "')'");
    }
  }

  // ---- helpers ----

  static boolean isNumber(String text) {
    if (text.isEmpty() || text.length() > 40) {
      return false;
    }
    try {
      Double.parseDouble(text);
      return Character.isDigit(text.charAt(text.length() - 1));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void enter() throws QueryException {
    if (++depth > MAX_DEPTH) {
      throw error(peek(), "query is nested more than " + MAX_DEPTH + " levels deep");
    }
  }

  private Token peek() {
    return tokens.get(index);
  }

  private Token next() {
    Token token = tokens.get(index);
    if (!token.is(Kind.END)) {
      index++;
    }
    return token;
  }

  private Token expect(Kind kind, String what) throws QueryException {
    Token token = next();
    if (!token.is(kind)) {
      throw error(token, "expected " + what + ", found " + describe(token));
    }
    return token;
  }

  private static String describe(Token token) {
    return switch (token.kind()) {
      case END -> "end of query";
      case STRING -> "\"" + abbreviate(token.text()) + "\"";
      case BRACED -> "'{'";
      default -> "'" + abbreviate(token.text()) + "'";
    };
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  private static QueryException error(Token at, String message) {
    return new QueryException(message, at.line(), at.column());
  }
}
