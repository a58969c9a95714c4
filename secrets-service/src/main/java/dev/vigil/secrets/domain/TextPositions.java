package dev.vigil.secrets.domain;

/**
 * Positions in GitGuardian's terms for UTF-16 offsets into one text: code-point indices and 1-based
 * lines. Offsets must be asked for in ascending order (one forward walk per text).
 */
public final class TextPositions {

  private final String text;
  private int offset;
  private int codePoints;
  private int line = 1;

  public TextPositions(String text) {
    this.text = text;
  }

  /** Moves to {@code target} (not before the last one asked). */
  private void walkTo(int target) {
    if (target < offset) {
      offset = 0;
      codePoints = 0;
      line = 1;
    }
    while (offset < target) {
      char c = text.charAt(offset);
      if (c == '\n') {
        line++;
      }
      if (!(Character.isLowSurrogate(c)
          && offset > 0
          && Character.isHighSurrogate(text.charAt(offset - 1)))) {
        codePoints++;
      }
      offset++;
    }
  }

  public int codePointIndex(int utf16Offset) {
    walkTo(utf16Offset);
    return codePoints;
  }

  public int line(int utf16Offset) {
    walkTo(utf16Offset);
    return line;
  }
}
