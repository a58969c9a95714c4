package dev.vigil.kit.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Rows streamed into PostgreSQL with {@code COPY ... FROM STDIN} (text format): the fastest way to
 * load many rows, and nothing is held beyond a 64 KiB buffer. Values are encoded straight into
 * UTF-8 bytes with COPY's escapes. While a copy is open the connection can run nothing else; {@link
 * #close()} ends it.
 */
public final class CopyRows implements AutoCloseable {

  private final PGCopyOutputStream out;
  private byte[] row = new byte[1024];
  private int length;
  private boolean firstField = true;
  private long rows;

  private CopyRows(PGCopyOutputStream out) {
    this.out = out;
  }

  /** Starts {@code COPY table (columns) FROM STDIN}. */
  public static CopyRows open(Connection connection, String table, String columns)
      throws SQLException {
    PGConnection pg = connection.unwrap(PGConnection.class);
    return new CopyRows(
        new PGCopyOutputStream(pg, "COPY " + table + " (" + columns + ") FROM STDIN", 64 * 1024));
  }

  public CopyRows text(String value) {
    separator();
    if (value == null) {
      nullValue();
      return this;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        ascii(c);
      } else if (c < 0x800) {
        put((byte) (0xC0 | (c >> 6)));
        put((byte) (0x80 | (c & 0x3F)));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, value.charAt(++i));
        put((byte) (0xF0 | (cp >> 18)));
        put((byte) (0x80 | ((cp >> 12) & 0x3F)));
        put((byte) (0x80 | ((cp >> 6) & 0x3F)));
        put((byte) (0x80 | (cp & 0x3F)));
      } else if (Character.isSurrogate(c)) {
        put((byte) '?'); // an unpaired surrogate has no UTF-8 form
      } else {
        put((byte) (0xE0 | (c >> 12)));
        put((byte) (0x80 | ((c >> 6) & 0x3F)));
        put((byte) (0x80 | (c & 0x3F)));
      }
    }
    return this;
  }

  /** UTF-8 bytes (e.g. Jackson's JSON output), escaped for COPY. */
  public CopyRows utf8(byte[] value) {
    separator();
    if (value == null) {
      nullValue();
      return this;
    }
    for (byte b : value) {
      if (b >= 0 && b < 0x80) {
        ascii((char) b);
      } else {
        put(b);
      }
    }
    return this;
  }

  public CopyRows number(Number value) {
    separator();
    if (value == null) {
      nullValue();
    } else {
      String text = value.toString();
      for (int i = 0; i < text.length(); i++) {
        put((byte) text.charAt(i));
      }
    }
    return this;
  }

  /** Ends the current row and hands it to the copy stream. */
  public void endRow() {
    put((byte) '\n');
    try {
      out.write(row, 0, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    length = 0;
    firstField = true;
    rows++;
  }

  public long rows() {
    return rows;
  }

  private void ascii(char c) {
    switch (c) {
      case '\\' -> {
        put((byte) '\\');
        put((byte) '\\');
      }
      case '\n' -> {
        put((byte) '\\');
        put((byte) 'n');
      }
      case '\r' -> {
        put((byte) '\\');
        put((byte) 'r');
      }
      case '\t' -> {
        put((byte) '\\');
        put((byte) 't');
      }
      case '\u0000' -> {
        // PostgreSQL text cannot hold NUL; SARIF text never needs it.
      }
      default -> put((byte) c);
    }
  }

  private void nullValue() {
    put((byte) '\\');
    put((byte) 'N');
  }

  private void separator() {
    if (!firstField) {
      put((byte) '\t');
    }
    firstField = false;
  }

  private void put(byte b) {
    if (length == row.length) {
      row = Arrays.copyOf(row, row.length * 2);
    }
    row[length++] = b;
  }

  /** Ends the copy; the rows are then visible in the transaction. */
  @Override
  public void close() throws SQLException {
    try {
      out.close();
    } catch (IOException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new SQLException("COPY failed", e);
    }
  }
}
