package dev.vigil.scanning.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Where an alert was last seen on one ref, and whether it is still there (open) or fixed. */
@Entity
@Table(name = "alert_instance")
@IdClass(AlertInstanceEntity.Key.class)
public class AlertInstanceEntity {

  public static final String OPEN = "open";
  public static final String FIXED = "fixed";

  @Id
  @Column(name = "alert_id")
  public long alertId;

  @Id public String ref;

  @Column(name = "repo_id", nullable = false)
  public long repoId;

  @Column(name = "tool_name", nullable = false)
  public String toolName;

  @Column(name = "analysis_id")
  public Long analysisId;

  @Column(name = "upload_id", nullable = false)
  public UUID uploadId;

  @Column(name = "commit_sha", nullable = false)
  public String commitSha;

  @Column(name = "analysis_key", nullable = false)
  public String analysisKey;

  @Column(nullable = false)
  public String environment;

  @Column(nullable = false)
  public String category;

  @Column(nullable = false)
  public String state;

  @Column(nullable = false)
  public String message;

  public String path;

  @Column(name = "start_line")
  public Integer startLine;

  @Column(name = "end_line")
  public Integer endLine;

  @Column(name = "start_column")
  public Integer startColumn;

  @Column(name = "end_column")
  public Integer endColumn;

  /** JSON array of strings. */
  @Column(nullable = false)
  public String classifications;

  @Column(name = "seen_at", nullable = false)
  public Instant seenAt;

  @Column(name = "fixed_at")
  public Instant fixedAt;

  /** Composite key. */
  public static class Key implements Serializable {
    public long alertId;
    public String ref;

    public Key() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.alertId == alertId && Objects.equals(k.ref, ref);
    }

    @Override
    public int hashCode() {
      return Objects.hash(alertId, ref);
    }
  }
}
