package dev.vigil.repoconfig.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
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
 * One row of {@code project_repo_count}: how many repositories a project has connected. Read with
 * {@code SELECT ... FOR UPDATE} by every change of that number, which serialises quota checks.
 */
@Entity
@Table(name = "project_repo_count")
@IdClass(ProjectRepoCountEntity.Key.class)
public class ProjectRepoCountEntity extends PanacheEntityBase {

  @Id
  @Column(name = "tenant_id")
  public UUID tenantId;

  @Id
  @Column(name = "project_id")
  public UUID projectId;

  @Column(name = "repo_count", nullable = false)
  public int repoCount;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** Composite primary key. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;

    public UUID tenantId;
    public UUID projectId;

    public Key() {}

    public Key(UUID tenantId, UUID projectId) {
      this.tenantId = tenantId;
      this.projectId = projectId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(tenantId, k.tenantId)
          && Objects.equals(projectId, k.projectId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(tenantId, projectId);
    }
  }
}
