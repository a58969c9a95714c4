package dev.vigil.sync.domain.query;

/** A query that cannot be parsed, with the 1-based line and column in the query text. */
public final class QueryException extends Exception {

  private final int line;
  private final int column;

  public QueryException(String message, int line, int column) {
    super(message, null, false, false);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
