package dev.vigil.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code service_clients}: a backend's own client credentials (secret hashed). */
@Entity
@Table(name = "service_clients")
public class ServiceClientEntity {

  @Id
  @Column(name = "client_id")
  public String clientId;

  @Column(name = "secret_hash")
  public String secretHash;

  @Column(name = "service_name")
  public String serviceName;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(columnDefinition = "text[]")
  public String[] scopes;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "disabled_at")
  public Instant disabledAt;

  @Override
  public String toString() {
    return "ServiceClientEntity[" + clientId + "]";
  }
}
