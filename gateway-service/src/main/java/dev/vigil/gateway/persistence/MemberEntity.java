package dev.vigil.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code members}; integer ids, as GitGuardian's member ids are. */
@Entity
@Table(name = "members")
public class MemberEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "tenant_id")
  public UUID tenantId;

  public String email;

  public String role;

  @Column(name = "created_at")
  public Instant createdAt;
}
