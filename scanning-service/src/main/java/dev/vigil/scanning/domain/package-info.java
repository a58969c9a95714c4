/**
 * Domain core of code scanning: SARIF upload validation, decoding and streaming parsing with
 * GitHub's rules, severities, analysis summaries and alert identity. Plain Java; no HTTP,
 * persistence or messaging types.
 *
 * <p>Entry points: {@link dev.vigil.scanning.domain.SarifUploadRequest} (the POST body), {@link
 * dev.vigil.scanning.domain.SarifPayload} (base64 → gzip → bounded stream), {@link
 * dev.vigil.scanning.domain.SarifStreamParser} (two passes over a {@link
 * dev.vigil.scanning.domain.SarifSource}, emitting to a {@link
 * dev.vigil.scanning.domain.SarifVisitor}). Every rejection is a {@link
 * dev.vigil.scanning.domain.SarifException} carrying GitHub's status: 400 (base64, gzip, JSON,
 * SARIF structure, version), 413 (sizes and count limits), 422 (request fields).
 *
 * <p>Decisions, where GitHub's documentation leaves room:
 *
 * <ul>
 *   <li>Limits follow the upload-sarif description: above a maximum the file is rejected (413);
 *       above the "only the top N" value the rest is ignored and counted for the analysis warning.
 *       Results: the 5,000 most severe of up to 25,000 are kept — security severity (critical,
 *       high, medium, low) ranks above level (error, warning, note, none), then higher score, then
 *       earlier in the file. Locations: the first 100. Thread flow steps: 1,000 by importance
 *       (essential, important, unimportant), in file order. Tags: the first 10.
 *   <li>Category: automationDetails.id up to its last "/" (GitHub's table); "" when none.
 *   <li>Alert identity: {@link dev.vigil.scanning.domain.AlertKey} = tool + category + rule + path
 *       + fingerprint, fingerprint per {@link dev.vigil.scanning.domain.AlertFingerprints}.
 *   <li>Paths: see {@code RepositoryPaths}; GitHub's rule that absolute URIs must share the source
 *       root's scheme is enforced (400) when a root is known.
 *   <li>Results without locations and with unknown rules are kept (GitHub shows results with no
 *       rule metadata; only display needs a location).
 * </ul>
 */
package dev.vigil.scanning.domain;
