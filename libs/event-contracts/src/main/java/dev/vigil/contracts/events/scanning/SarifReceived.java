package dev.vigil.contracts.events.scanning;

import java.util.Objects;
import java.util.UUID;

/**
 * Payload of {@code sarif.received} on {@code vigil.scanning.sarif.v1}: a work item pointing at a
 * stored SARIF upload (the SARIF itself stays in scanning-service's database).
 *
 * @param uploadId the stored upload (UUID), the {@code id} returned by the upload endpoint.
 * @param repository repository full name; also the Kafka key, so uploads of one repository are
 *     processed in order.
 * @param commitSha the analysed commit (40 hex characters).
 * @param ref the analysed Git ref, e.g. {@code refs/heads/main} or {@code refs/pull/42/merge}.
 * @param category the analysis category, distinguishing analyses of the same tool and commit; null
 *     when none was given.
 * @param storedBytes size in bytes of the SARIF document as scanning-service stored it.
 */
public record SarifReceived(
    UUID uploadId,
    String repository,
    String commitSha,
    String ref,
    String category,
    long storedBytes) {

  /** Validates the required fields. */
  public SarifReceived {
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(commitSha, "commitSha");
    Objects.requireNonNull(ref, "ref");
  }
}
