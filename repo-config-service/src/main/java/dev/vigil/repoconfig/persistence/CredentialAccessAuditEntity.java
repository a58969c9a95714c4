package dev.vigil.repoconfig.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code credential_access_audit}: who decrypted which connection's credentials. */
@Entity
@Table(name = "credential_access_audit")
public class CredentialAccessAuditEntity extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "project_id", nullable = false)
  public UUID projectId;

  @Column(name = "connection_id", nullable = false)
  public String connectionId;

  /** e.g. {@code service:sync-service}. */
  @Column(nullable = false)
  public String accessor;

  @Column(nullable = false)
  public String purpose;

  @Column(name = "accessed_at", nullable = false)
  public Instant accessedAt;
}
