package dev.vigil.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code api_tokens}. The token itself is never stored, only its keyed hash. */
@Entity
@Table(name = "api_tokens")
public class ApiTokenEntity {

  @Id public UUID id;

  @Column(name = "tenant_id")
  public UUID tenantId;

  @Column(name = "member_id")
  public long memberId;

  @Column(name = "creator_id")
  public Long creatorId;

  public String name;

  public String type;

  @Column(name = "token_hash")
  public String tokenHash;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(columnDefinition = "text[]")
  public String[] scopes;

  @Column(name = "project_id")
  public UUID projectId;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "last_used_at")
  public Instant lastUsedAt;

  @Column(name = "expire_at")
  public Instant expireAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  @Override
  public String toString() {
    return "ApiTokenEntity[" + id + "]"; // never the hash
  }
}
