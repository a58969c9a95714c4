package dev.vigil.scanning.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The latest metadata of a rule, per repository and tool. */
@Entity
@Table(name = "scan_rule")
@IdClass(ScanRuleEntity.Key.class)
public class ScanRuleEntity {

  @Id
  @Column(name = "repo_id")
  public long repoId;

  @Id
  @Column(name = "tool_name")
  public String toolName;

  @Id
  @Column(name = "rule_id")
  public String ruleId;

  public String name;

  @Column(name = "short_description")
  public String shortDescription;

  @Column(name = "full_description")
  public String fullDescription;

  @Column(name = "help_text")
  public String helpText;

  @Column(name = "help_markdown")
  public String helpMarkdown;

  @Column(name = "help_uri")
  public String helpUri;

  @Column(name = "default_level")
  public String defaultLevel;

  /** JSON array of strings. */
  @Column(nullable = false)
  public String tags;

  @Column(name = "security_severity")
  public Double securitySeverity;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** Composite key. */
  public static class Key implements Serializable {
    public long repoId;
    public String toolName;
    public String ruleId;

    public Key() {}

    public Key(long repoId, String toolName, String ruleId) {
      this.repoId = repoId;
      this.toolName = toolName;
      this.ruleId = ruleId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.repoId == repoId
          && Objects.equals(k.toolName, toolName)
          && Objects.equals(k.ruleId, ruleId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(repoId, toolName, ruleId);
    }
  }
}
