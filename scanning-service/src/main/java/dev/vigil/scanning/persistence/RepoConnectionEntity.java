package dev.vigil.scanning.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One repository connection as repo-config announced it on {@code vigil.repos.v1}. */
@Entity
@Table(name = "repo_connection")
public class RepoConnectionEntity {

  @Id
  @Column(name = "connection_id")
  public String connectionId;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "project_id", nullable = false)
  public UUID projectId;

  @Column(nullable = false)
  public String platform;

  @Column(name = "full_name", nullable = false)
  public String fullName;

  @Column(name = "full_name_lower", nullable = false)
  public String fullNameLower;

  @Column(name = "default_branch")
  public String defaultBranch;

  /** JSON array of {@code {serviceName, pathPrefix, defaultBranch}}. */
  @Column(name = "service_mappings", nullable = false)
  public String serviceMappings;

  /** False once disconnected: the row stays so that older events cannot resurrect it. */
  @Column(nullable = false)
  public boolean connected;

  @Column(name = "event_time", nullable = false)
  public Instant eventTime;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
