package dev.vigil.scanning.domain;

import java.io.IOException;

/**
 * Carries a {@link SarifException} through {@link java.io.InputStream#read} (which may only throw
 * IOException), so that a reader of a decoded payload, Jackson included, can tell a rejected
 * payload from an I/O failure.
 */
public final class SarifIOException extends IOException {

  /** Wraps a rejection. */
  public SarifIOException(SarifException cause) {
    super(cause.getMessage(), cause);
  }

  /** The rejection. */
  public SarifException sarif() {
    return (SarifException) getCause();
  }
}
