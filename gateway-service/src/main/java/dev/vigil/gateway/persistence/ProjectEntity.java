package dev.vigil.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code projects}. */
@Entity
@Table(name = "projects")
public class ProjectEntity {

  @Id public UUID id;

  @Column(name = "tenant_id")
  public UUID tenantId;

  public String name;

  @Column(name = "created_at")
  public Instant createdAt;
}
