package dev.vigil.scanning.domain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A SARIF document that can be read more than once. {@link SarifStreamParser} reads it twice
 * (validate and index, then emit) so that it never has to hold results in memory; the stored upload
 * (or its base64 text) is the natural replayable source.
 */
@FunctionalInterface
public interface SarifSource {

  /** Opens a fresh stream over the whole document; the caller closes it. */
  InputStream open() throws IOException;

  /** A document held in memory. */
  static SarifSource of(byte[] bytes) {
    return () -> new ByteArrayInputStream(bytes);
  }

  /** A document in a file. */
  static SarifSource of(Path path) {
    return () -> Files.newInputStream(path);
  }
}
