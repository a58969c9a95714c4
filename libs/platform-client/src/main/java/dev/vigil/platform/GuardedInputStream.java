package dev.vigil.platform;

import dev.vigil.platform.PlatformException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body with a size cap and an idle timeout. The JDK client has no read timeout for
 * bodies, so a watchdog closes the underlying stream when one read blocks too long; closing
 * unblocks the reader.
 */
final class GuardedInputStream extends InputStream {

  private static final ScheduledThreadPoolExecutor WATCHDOG = newWatchdog();

  private final InputStream in;
  private final long maxBytes;
  private final Kind tooLargeKind;
  private final Duration idleTimeout;
  private final Platform platform;
  private final int status;
  private final String what;
  private long count;
  private volatile boolean timedOut;
  private boolean closed;

  /**
   * @param tooLargeKind kind thrown past {@code maxBytes}
   * @param status HTTP status of the response, for exceptions
   * @param what description for messages, e.g. {@code GET https://host/path}
   */
  GuardedInputStream(
      InputStream in,
      long maxBytes,
      Kind tooLargeKind,
      Duration idleTimeout,
      Platform platform,
      int status,
      String what) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.tooLargeKind = tooLargeKind;
    this.idleTimeout = idleTimeout;
    this.platform = platform;
    this.status = status;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    // Ask for at most one byte past the limit: enough to notice, never much more.
    long remaining = maxBytes - count;
    int wanted = remaining >= len ? len : (int) remaining + 1;
    ScheduledFuture<?> alarm =
        WATCHDOG.schedule(this::expire, idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
    int n;
    try {
      n = in.read(b, off, wanted);
    } catch (IOException e) {
      closeQuietly();
      throw timedOut ? timeout() : failure(e);
    } finally {
      alarm.cancel(false);
    }
    if (n < 0) {
      // A stream closed by the watchdog may also report end of stream: not a complete body.
      if (timedOut) {
        throw timeout();
      }
      return -1;
    }
    count += n;
    if (count > maxBytes) {
      closeQuietly();
      throw new PlatformException(
          tooLargeKind,
          platform,
          status,
          platform.displayName() + " " + what + ": response larger than " + maxBytes + " bytes");
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return closed ? 0 : in.available();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    in.close();
  }

  /** Bytes read so far. */
  long count() {
    return count;
  }

  private void expire() {
    timedOut = true;
    try {
      in.close();
    } catch (IOException ignored) {
      // The blocked reader fails either way.
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException ignored) {
      // Already failing; the original error matters.
    }
  }

  private PlatformException timeout() {
    return new PlatformException(
        Kind.UNAVAILABLE,
        platform,
        0,
        null,
        platform.displayName() + " " + what + ": no data for " + idleTimeout.toMillis() + " ms",
        null);
  }

  private PlatformException failure(IOException e) {
    return new PlatformException(
        Kind.UNAVAILABLE,
        platform,
        0,
        null,
        platform.displayName() + " " + what + ": reading the response failed",
        e);
  }

  private static ScheduledThreadPoolExecutor newWatchdog() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "vigil-platform-client-watchdog");
              t.setDaemon(true);
              return t;
            });
    // Nearly every alarm is cancelled; drop them at once instead of at their deadline.
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
