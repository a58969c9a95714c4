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
 * One row of {@code connected_repository}: a repository of a connection, with the metadata last
 * fetched from its platform (all null until the first fetch).
 */
@Entity
@Table(name = "connected_repository")
@IdClass(ConnectedRepositoryEntity.Key.class)
public class ConnectedRepositoryEntity extends PanacheEntityBase {

  @Id
  @Column(name = "connection_id")
  public String connectionId;

  @Id
  @Column(name = "full_name")
  public String fullName;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "project_id", nullable = false)
  public UUID projectId;

  @Column(nullable = false)
  public int position;

  @Column(name = "default_branch")
  public String defaultBranch;

  /** public, private or internal. */
  public String visibility;

  @Column(name = "credentials_valid")
  public Boolean credentialsValid;

  @Column(name = "metadata_fetched_at")
  public Instant metadataFetchedAt;

  /** Why the last fetch failed (a {@code PlatformException.Kind} in lower case), or null. */
  @Column(name = "metadata_error")
  public String metadataError;

  /** Composite primary key. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;

    public String connectionId;
    public String fullName;

    public Key() {}

    public Key(String connectionId, String fullName) {
      this.connectionId = connectionId;
      this.fullName = fullName;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(connectionId, k.connectionId)
          && Objects.equals(fullName, k.fullName);
    }

    @Override
    public int hashCode() {
      return Objects.hash(connectionId, fullName);
    }
  }
}
