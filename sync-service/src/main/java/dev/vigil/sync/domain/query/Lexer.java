package dev.vigil.sync.domain.query;

import dev.vigil.sync.domain.query.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query into tokens. A bare word runs until whitespace or a character with a meaning of
 * its own; {@code {…}} is one token, so a {@code |} inside {@code @index={ a | b }} is no pipe.
 */
final class Lexer {

  private static final String SPECIAL = "()|,:=<>!{}\"'`";

  private final String text;
  private int pos;
  private int line = 1;
  private int column = 1;

  private Lexer(String text) {
    this.text = text;
  }

  static List<Token> tokenize(String text) throws QueryException {
    return new Lexer(text).run();
  }

  private List<Token> run() throws QueryException {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      skipWhitespace();
      if (pos >= text.length()) {
        tokens.add(new Token(Kind.END, "", line, column));
        return tokens;
      }
      int startLine = line;
      int startColumn = column;
      char c = text.charAt(pos);
      switch (c) {
        case '(' -> tokens.add(single(Kind.LPAREN, startLine, startColumn));
        case ')' -> tokens.add(single(Kind.RPAREN, startLine, startColumn));
        case '|' -> tokens.add(single(Kind.PIPE, startLine, startColumn));
        case ',' -> tokens.add(single(Kind.COMMA, startLine, startColumn));
        case ':' -> tokens.add(single(Kind.COLON, startLine, startColumn));
        case '=' -> {
          if (peek(1) == '=') {
            advance();
            advance();
            tokens.add(new Token(Kind.EQEQ, "==", startLine, startColumn));
          } else {
            tokens.add(single(Kind.EQ, startLine, startColumn));
          }
        }
        case '!' -> {
          if (peek(1) != '=') {
            throw new QueryException("unexpected '!'", startLine, startColumn);
          }
          advance();
          advance();
          tokens.add(new Token(Kind.NEQ, "!=", startLine, startColumn));
        }
        case '<', '>' -> {
          advance();
          boolean orEqual = pos < text.length() && text.charAt(pos) == '=';
          if (orEqual) {
            advance();
          }
          Kind kind = c == '<' ? (orEqual ? Kind.LE : Kind.LT) : (orEqual ? Kind.GE : Kind.GT);
          tokens.add(
              new Token(kind, orEqual ? c + "=" : String.valueOf(c), startLine, startColumn));
        }
        case '"', '\'', '`' -> tokens.add(quoted(c, startLine, startColumn));
        case '{' -> tokens.add(braced(startLine, startColumn));
        case '}' -> throw new QueryException("unmatched '}'", startLine, startColumn);
        default -> tokens.add(word(startLine, startColumn));
      }
    }
  }

  private Token single(Kind kind, int startLine, int startColumn) {
    String s = String.valueOf(text.charAt(pos));
    advance();
    return new Token(kind, s, startLine, startColumn);
  }

  private Token quoted(char quote, int startLine, int startColumn) throws QueryException {
    advance();
    StringBuilder value = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\\' && pos + 1 < text.length()) {
        advance();
        value.append(text.charAt(pos));
        advance();
        continue;
      }
      if (c == quote) {
        advance();
        Kind kind = quote == '`' ? Kind.BACKTICK : Kind.STRING;
        return new Token(kind, value.toString(), startLine, startColumn);
      }
      value.append(c);
      advance();
    }
    throw new QueryException("unterminated " + quote + " quote", startLine, startColumn);
  }

  private Token braced(int startLine, int startColumn) throws QueryException {
    advance();
    int start = pos;
    while (pos < text.length() && text.charAt(pos) != '}') {
      advance();
    }
    if (pos >= text.length()) {
      throw new QueryException("unterminated '{'", startLine, startColumn);
    }
    String inside = text.substring(start, pos);
    advance();
    return new Token(Kind.BRACED, inside, startLine, startColumn);
  }

  private Token word(int startLine, int startColumn) {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isWhitespace(c) || SPECIAL.indexOf(c) >= 0) {
        break;
      }
      advance();
    }
    String word = text.substring(start, pos);
    Kind kind =
        switch (word) {
          case "+" -> Kind.PLUS;
          case "-" -> Kind.MINUS;
          case "/" -> Kind.SLASH;
          default -> Kind.WORD;
        };
    return new Token(kind, word, startLine, startColumn);
  }

  private void skipWhitespace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      advance();
    }
  }

  private char peek(int offset) {
    int at = pos + offset;
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private void advance() {
    if (text.charAt(pos) == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
    pos++;
  }
}
