package dev.vigil.sync.domain.repo;

/** The uploaded or fetched archive is unusable or hostile; nothing from it is synced. */
public final class ArchiveException extends Exception {

  public ArchiveException(String message) {
    super(message, null, false, false);
  }
}
