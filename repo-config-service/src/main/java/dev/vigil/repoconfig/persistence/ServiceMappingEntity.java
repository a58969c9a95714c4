package dev.vigil.repoconfig.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** One row of {@code service_mapping}, in request order ({@link #position}). */
@Entity
@Table(name = "service_mapping")
@IdClass(ServiceMappingEntity.Key.class)
public class ServiceMappingEntity extends PanacheEntityBase {

  @Id
  @Column(name = "connection_id")
  public String connectionId;

  @Id public int position;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "project_id", nullable = false)
  public UUID projectId;

  @Column(name = "service_name", nullable = false)
  public String serviceName;

  /** Full name of one of the connection's repositories, spelled as in the request. */
  @Column(nullable = false)
  public String repo;

  @Column(name = "path_prefix", nullable = false)
  public String pathPrefix;

  @Column(name = "default_branch", nullable = false)
  public String defaultBranch;

  /** Composite primary key. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;

    public String connectionId;
    public int position;

    public Key() {}

    public Key(String connectionId, int position) {
      this.connectionId = connectionId;
      this.position = position;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(connectionId, k.connectionId)
          && position == k.position;
    }

    @Override
    public int hashCode() {
      return Objects.hash(connectionId, position);
    }
  }
}
