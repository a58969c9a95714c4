package dev.vigil.secrets.service;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Opens or updates secret incidents: the one entry point for every place a secret is seen
 * (repository scans, synced detection-rule files, push-protection bypasses). One incident per
 * distinct secret per tenant; each sighting becomes an occurrence of it.
 *
 * <p>The secret arrives in clear and leaves only as a keyed hash and a redacted preview: an
 * implementation never stores, logs or publishes the value itself.
 */
public interface IncidentRecorder {

  /** Where a sighting came from; the names are the occurrence's {@code source}. */
  enum Source {
    REPOSITORY("repository"),
    DETECTION_RULES("detection_rules"),
    PUSH_PROTECTION("push_protection");

    private final String value;

    Source(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }

  /**
   * One place a secret was seen.
   *
   * @param source where it was seen
   * @param tokenType the detector's token type, or {@code cp_N} for a custom pattern
   * @param detectorName the detector's display name (GitGuardian's {@code detector.name})
   * @param secret the matched secret in clear; hashed and redacted, never stored
   * @param repository {@code owner/name}, when the sighting belongs to a repository
   * @param path the file's path
   * @param commitSha the commit, when known
   * @param authorName the commit's author, when known
   * @param authorEmail the author's email, when known
   * @param line 1-based line of the match's start
   * @param startOffset character offset of the match's start in the file
   * @param endOffset character offset just past the match's end
   * @param context extra facts for the incident, e.g. {@code bypass_reason} for a bypass
   */
  record Sighting(
      Source source,
      String tokenType,
      String detectorName,
      String secret,
      Optional<String> repository,
      String path,
      Optional<String> commitSha,
      Optional<String> authorName,
      Optional<String> authorEmail,
      int line,
      int startOffset,
      int endOffset,
      Map<String, String> context) {

    public Sighting {
      context = Map.copyOf(context);
    }

    @Override
    public String toString() {
      // Never print the secret, even by accident in a log line or an assertion message.
      return "Sighting[" + source.value() + " " + tokenType + " " + path + ":" + line + "]";
    }
  }

  /**
   * What recording did.
   *
   * @param incidentId the incident the sighting belongs to
   * @param created a new incident was opened
   * @param reopened a resolved incident was reopened as a regression
   */
  record Recorded(long incidentId, boolean created, boolean reopened) {}

  /** Incidents of one token type in a tenant, for push-protection statistics. */
  record TokenTypeCounts(long total, long falsePositives) {}

  /** Records one sighting in its own transaction (or joins the caller's). */
  Recorded record(UUID tenantId, Sighting sighting);

  /**
   * A secret already reduced to what an incident keeps: its keyed hash (the tenant's {@code
   * secret_hash}) and its redacted preview. For a sighting recorded after the secret itself is gone
   * (a push-protection bypass, which may reach another replica than the check did).
   */
  record HashedSecret(String hash, String preview) {
    @Override
    public String toString() {
      return "HashedSecret[" + preview + "]";
    }
  }

  /** As {@link #record}, for a sighting whose {@code secret} is null and given here hashed. */
  Recorded recordHashed(UUID tenantId, Sighting sighting, HashedSecret secret);

  /**
   * Per token type, how many incidents the tenant has and how many were ignored as false positives.
   */
  Map<String, TokenTypeCounts> countsByTokenType(UUID tenantId);
}
