package dev.vigil.scanning.domain;

/**
 * Receives a SARIF file from {@link SarifStreamParser#parse}: for each run, {@link #run} once, then
 * {@link #result} per kept result in document order, then {@link #runEnd}. Called only after the
 * whole file has been validated, so a visitor never sees part of a file that is then rejected.
 */
public interface SarifVisitor {

  /** A run starts; its metadata and summary are complete. */
  void run(SarifRun run);

  /** One kept result of the current run. */
  void result(SarifRun run, SarifResult result);

  /** The run's results are done. */
  default void runEnd(SarifRun run) {}
}
