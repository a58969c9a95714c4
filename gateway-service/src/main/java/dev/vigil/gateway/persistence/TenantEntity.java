package dev.vigil.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code tenants}. */
@Entity
@Table(name = "tenants")
public class TenantEntity {

  @Id public UUID id;

  public String slug;

  public String plan;

  @Column(name = "created_at")
  public Instant createdAt;

  /** Assigned by the database's sequence; read back after insert. */
  @Column(name = "workspace_id", insertable = false, updatable = false)
  public Long workspaceId;
}
