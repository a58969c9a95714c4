package dev.vigil.sync.domain.query;

/** One lexical token of a query, with its 1-based position. */
record Token(Kind kind, String text, int line, int column) {

  enum Kind {
    WORD,
    STRING,
    BACKTICK,
    BRACED,
    LPAREN,
    RPAREN,
    PIPE,
    COMMA,
    COLON,
    EQ,
    EQEQ,
    NEQ,
    LT,
    LE,
    GT,
    GE,
    PLUS,
    MINUS,
    SLASH,
    END
  }

  boolean isKeyword(String keyword) {
    return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
  }

  boolean is(Kind wanted) {
    return kind == wanted;
  }
}
