package dev.vigil.scanning.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A code scanning alert: one {@code AlertKey} in one repository. Created and fixed/reopened by the
 * upload processor; dismissed and reopened through the API.
 */
@Entity
@Table(name = "alert")
public class AlertEntity {

  public static final String OPEN = "open";
  public static final String DISMISSED = "dismissed";
  public static final String FIXED = "fixed";

  @Id public Long id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "repo_id", nullable = false)
  public long repoId;

  @Column(nullable = false)
  public long number;

  /** The first 128 bits of {@code AlertKey.digest()}: a compact unique key. */
  @Column(name = "key_digest", nullable = false)
  public UUID keyDigest;

  @Column(name = "tool_name", nullable = false)
  public String toolName;

  @Column(name = "tool_guid")
  public String toolGuid;

  @Column(name = "tool_version")
  public String toolVersion;

  @Column(nullable = false)
  public String category;

  /** "" when the result named no rule. */
  @Column(name = "rule_id", nullable = false)
  public String ruleId;

  @Column(nullable = false)
  public String path;

  @Column(nullable = false)
  public String fingerprint;

  @Column(nullable = false)
  public String severity;

  @Column(name = "security_severity_level")
  public String securitySeverityLevel;

  @Column(nullable = false)
  public String state;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Column(name = "fixed_at")
  public Instant fixedAt;

  @Column(name = "dismissed_at")
  public Instant dismissedAt;

  @Column(name = "dismissed_by_member")
  public Long dismissedByMember;

  @Column(name = "dismissed_by_login")
  public String dismissedByLogin;

  @Column(name = "dismissed_reason")
  public String dismissedReason;

  @Column(name = "dismissed_comment")
  public String dismissedComment;
}
