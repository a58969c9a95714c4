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

/**
 * One repository of a connection as repo-config announced it on {@code vigil.repos.v1}: a
 * connection of several repositories has one row per repository.
 */
@Entity
@Table(name = "repo_connection")
@IdClass(RepoConnectionEntity.Key.class)
public class RepoConnectionEntity {

  /** The primary key: connection id and repository name (lower case). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;

    public String connectionId;
    public String fullNameLower;

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(connectionId, k.connectionId)
          && Objects.equals(fullNameLower, k.fullNameLower);
    }

    @Override
    public int hashCode() {
      return Objects.hash(connectionId, fullNameLower);
    }
  }

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

  @Id
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
