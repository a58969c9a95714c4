package dev.vigil.scanning.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One analysis: one run of one SARIF upload. Written by the upload processor (JDBC). */
@Entity
@Table(name = "analysis")
public class AnalysisEntity {

  @Id public Long id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "repo_id", nullable = false)
  public long repoId;

  @Column(name = "upload_id", nullable = false)
  public UUID uploadId;

  @Column(name = "run_index", nullable = false)
  public int runIndex;

  @Column(nullable = false)
  public String ref;

  @Column(name = "commit_sha", nullable = false)
  public String commitSha;

  @Column(name = "analysis_key", nullable = false)
  public String analysisKey;

  @Column(nullable = false)
  public String environment;

  @Column(nullable = false)
  public String category;

  @Column(name = "tool_name", nullable = false)
  public String toolName;

  @Column(name = "tool_version")
  public String toolVersion;

  @Column(name = "tool_guid")
  public String toolGuid;

  @Column(name = "results_count", nullable = false)
  public int resultsCount;

  @Column(name = "rules_count", nullable = false)
  public int rulesCount;

  @Column(nullable = false)
  public String warning;

  @Column(nullable = false)
  public String error;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;
}
