package dev.vigil.scanning.domain;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Decodes the upload's {@code sarif} field (base64 of gzip) as a stream: base64 decoder → size
 * guard → {@link GZIPInputStream} → size guard. Nothing is materialised; the decompressed document
 * is read as it is parsed.
 *
 * <p>Errors: bad base64 or gzip → 400; gzip larger than GitHub's 10 MB → 413 (checked up front from
 * the text length, and again while reading); decompressed data beyond the cap → 413 (a zip-bomb
 * guard: a few kilobytes of gzip can expand to gigabytes). Errors that occur while the stream is
 * read surface as {@link SarifIOException}.
 */
public final class SarifPayload {

  private static final long MIB = 1024L * 1024L;

  /**
   * Size limits.
   *
   * @param maxCompressedBytes gzip bytes (GitHub documents 10 MB; read as 10 MiB).
   * @param maxDecompressedBytes decompressed SARIF bytes (Vigil's guard; 500 MiB by default).
   */
  public record Limits(long maxCompressedBytes, long maxDecompressedBytes) {

    /** GitHub's compressed limit and a 500 MiB decompressed cap. */
    public static final Limits GITHUB = new Limits(10 * MIB, 500 * MIB);
  }

  private SarifPayload() {}

  /** Decodes with {@link Limits#GITHUB}. */
  public static InputStream decode(String base64) {
    return decode(base64, Limits.GITHUB);
  }

  /**
   * Opens the decompressed SARIF. The gzip header is read here, so data that is not gzip is
   * rejected at once.
   */
  public static InputStream decode(String base64, Limits limits) {
    checkCompressedSize(base64, limits);
    return open(new Base64Text(base64), limits);
  }

  /** Decodes base64 text arriving as a stream (e.g. straight from a request body). */
  public static InputStream decode(InputStream base64Text, Limits limits) {
    return open(new WhitespaceSkipping(Objects.requireNonNull(base64Text)), limits);
  }

  /** A replayable source over the field, size-checked once now; each open decodes afresh. */
  public static SarifSource source(String base64) {
    return source(base64, Limits.GITHUB);
  }

  /** A replayable source with explicit limits. */
  public static SarifSource source(String base64, Limits limits) {
    checkCompressedSize(base64, limits);
    return () -> open(new Base64Text(base64), limits);
  }

  /**
   * The gzip bytes of the field, for storing: size-checked, base64-decoded and checked to start
   * with a gzip header. The compressed stream itself is verified when it is read.
   *
   * @throws SarifException 413 when too large, 400 for bad base64 or data that is not gzip
   */
  public static byte[] compressed(String base64, Limits limits) {
    checkCompressedSize(base64, limits);
    byte[] bytes;
    try {
      bytes = new Base64Text(base64).readAllBytes();
      bytes = Base64.getDecoder().decode(bytes);
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw new SarifException(
          SarifException.Reason.INVALID_BASE64, "the sarif field is not valid base64");
    }
    if (bytes.length > limits.maxCompressedBytes()) {
      throw new SarifException(
          SarifException.Reason.PAYLOAD_TOO_LARGE,
          "the gzip-compressed SARIF exceeds the limit of "
              + limits.maxCompressedBytes()
              + " bytes");
    }
    if (bytes.length < 18 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
      throw new SarifException(
          SarifException.Reason.INVALID_GZIP, "the sarif field is not gzip-compressed data");
    }
    return bytes;
  }

  /**
   * A replayable source over stored gzip bytes (see {@link #compressed}), decompressed with the
   * same guards as an upload: corrupt gzip → 400, more than the decompressed cap → 413.
   */
  public static SarifSource gzipSource(byte[] gzip, Limits limits) {
    Objects.requireNonNull(gzip, "gzip");
    return () -> {
      GZIPInputStream in;
      try {
        in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzip), 64 * 1024);
      } catch (IOException e) {
        throw new SarifIOException(
            new SarifException(
                SarifException.Reason.INVALID_GZIP, "the sarif field is not gzip-compressed data"));
      }
      return new Bounded(
          new Translating(
              in, SarifException.Reason.INVALID_GZIP, "the sarif field is corrupt gzip data"),
          limits.maxDecompressedBytes(),
          SarifException.Reason.DECOMPRESSED_TOO_LARGE,
          "the decompressed SARIF exceeds the limit of "
              + limits.maxDecompressedBytes()
              + " bytes");
    };
  }

  /** Decoded size of base64 text, ignoring whitespace (exact for well-formed input). */
  static long decodedLength(CharSequence base64) {
    long chars = 0;
    int padding = 0;
    for (int i = 0; i < base64.length(); i++) {
      char c = base64.charAt(i);
      if (!isWhitespace(c)) {
        chars++;
        padding = c == '=' ? padding + 1 : 0;
      }
    }
    return (chars - padding) * 3 / 4;
  }

  private static void checkCompressedSize(String base64, Limits limits) {
    Objects.requireNonNull(base64, "base64");
    if (decodedLength(base64) > limits.maxCompressedBytes()) {
      throw new SarifException(
          SarifException.Reason.PAYLOAD_TOO_LARGE,
          "the gzip-compressed SARIF exceeds the limit of "
              + limits.maxCompressedBytes()
              + " bytes");
    }
  }

  private static InputStream open(InputStream base64Text, Limits limits) {
    InputStream compressed =
        new Bounded(
            new Translating(
                Base64.getDecoder().wrap(base64Text),
                SarifException.Reason.INVALID_BASE64,
                "the sarif field is not valid base64"),
            limits.maxCompressedBytes(),
            SarifException.Reason.PAYLOAD_TOO_LARGE,
            "the gzip-compressed SARIF exceeds the limit of "
                + limits.maxCompressedBytes()
                + " bytes");
    GZIPInputStream gzip;
    try {
      gzip = new GZIPInputStream(compressed, 64 * 1024);
    } catch (SarifIOException e) {
      throw e.sarif();
    } catch (IOException e) {
      throw new SarifException(
          SarifException.Reason.INVALID_GZIP, "the sarif field is not gzip-compressed data");
    }
    return new Bounded(
        new Translating(
            gzip, SarifException.Reason.INVALID_GZIP, "the sarif field is corrupt gzip data"),
        limits.maxDecompressedBytes(),
        SarifException.Reason.DECOMPRESSED_TOO_LARGE,
        "the decompressed SARIF exceeds the limit of " + limits.maxDecompressedBytes() + " bytes");
  }

  private static boolean isWhitespace(int c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  /** Base64 text as ASCII bytes, skipping line breaks (base64 without -w0 wraps lines). */
  private static final class Base64Text extends InputStream {
    private final String text;
    private int pos;

    Base64Text(String text) {
      this.text = text;
    }

    @Override
    public int read() {
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (!isWhitespace(c)) {
          // Non-ASCII becomes '!' so that the base64 decoder rejects it.
          return c < 0x80 ? c : '!';
        }
      }
      return -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int n = 0;
      while (n < len) {
        int c = read();
        if (c < 0) {
          break;
        }
        b[off + n++] = (byte) c;
      }
      return n == 0 ? -1 : n;
    }
  }

  /** Skips whitespace in streamed base64 text. */
  private static final class WhitespaceSkipping extends FilterInputStream {
    WhitespaceSkipping(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int c;
      do {
        c = in.read();
      } while (c >= 0 && isWhitespace(c));
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (true) {
        int n = in.read(b, off, len);
        if (n <= 0) {
          return n;
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
          byte c = b[off + i];
          if (!isWhitespace(c)) {
            b[off + kept++] = c;
          }
        }
        if (kept > 0) {
          return kept;
        }
      }
    }
  }

  /** Turns the wrapped stream's IOExceptions into one rejection reason. */
  private static final class Translating extends FilterInputStream {
    private final SarifException.Reason reason;
    private final String message;

    Translating(InputStream in, SarifException.Reason reason, String message) {
      super(in);
      this.reason = reason;
      this.message = message;
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (SarifIOException e) {
        throw e;
      } catch (IOException e) {
        throw new SarifIOException(new SarifException(reason, message));
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (SarifIOException e) {
        throw e;
      } catch (IOException e) {
        throw new SarifIOException(new SarifException(reason, message));
      }
    }
  }

  /** Fails once more than {@code max} bytes have been read. */
  private static final class Bounded extends FilterInputStream {
    private final long max;
    private final SarifException.Reason reason;
    private final String message;
    private long count;

    Bounded(InputStream in, long max, SarifException.Reason reason, String message) {
      super(in);
      this.max = max;
      this.reason = reason;
      this.message = message;
    }

    @Override
    public int read() throws IOException {
      int c = in.read();
      if (c >= 0) {
        count(1);
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(n);
      count(skipped);
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void count(long n) throws SarifIOException {
      count += n;
      if (count > max) {
        throw new SarifIOException(new SarifException(reason, message));
      }
    }
  }
}
