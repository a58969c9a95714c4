package dev.vigil.secrets.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and metadata of GitGuardian's scan API ({@code /v1/scan}, {@code /v1/multiscan}). */
@ConfigMapping(prefix = "vigil.secrets.scan")
public interface ScanConfig {

  /** Largest document, in UTF-8 bytes (GitGuardian: 1 MB). */
  @WithDefault("1048576")
  int maxDocumentSize();

  /** Most documents in one {@code /v1/multiscan} (GitGuardian: 20). */
  @WithDefault("20")
  int maxDocumentsPerScan();

  /** Longest {@code filename} (GitGuardian's schema: 256 characters). */
  @WithDefault("256")
  int maxFilenameLength();

  /** Largest request body, reported to clients as {@code general__maximum_payload_size}. */
  @WithDefault("26214400")
  int maxPayloadSize();

  /** Scan calls a tenant may make per rolling 30 days, reported by {@code /v1/quotas}. */
  @WithDefault("10000")
  int monthlyQuota();

  /** Reported as the server {@code version} in {@code /v1/metadata}. */
  @WithDefault("vigil-1")
  String version();
}
