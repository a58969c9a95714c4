package dev.vigil.scanning.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A SARIF upload and its processing status; the payload lives in {@link SarifPayloadEntity}. */
@Entity
@Table(name = "sarif_upload")
public class SarifUploadEntity {

  public static final String PENDING = "pending";
  public static final String COMPLETE = "complete";
  public static final String FAILED = "failed";

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "repo_id", nullable = false)
  public long repoId;

  @Column(name = "full_name", nullable = false)
  public String fullName;

  @Column(name = "commit_sha", nullable = false)
  public String commitSha;

  @Column(nullable = false)
  public String ref;

  @Column(name = "checkout_uri")
  public String checkoutUri;

  @Column(name = "tool_name")
  public String toolName;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "analysis_key")
  public String analysisKey;

  @Column(name = "environment")
  public String environment;

  @Column(name = "validate_only", nullable = false)
  public boolean validateOnly;

  @Column(name = "stored_bytes", nullable = false)
  public long storedBytes;

  @Column(nullable = false)
  public String status;

  /** JSON array of messages when failed. */
  @Column(name = "errors")
  public String errors;

  @Column(nullable = false)
  public int attempts;

  /** Set by the database so that processing order follows commit-time clock. */
  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "processed_at")
  public Instant processedAt;
}
