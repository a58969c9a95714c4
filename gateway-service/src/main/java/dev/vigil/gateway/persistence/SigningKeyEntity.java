package dev.vigil.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code signing_keys}: a public JWK and its private key, encrypted. */
@Entity
@Table(name = "signing_keys")
public class SigningKeyEntity {

  @Id public String kid;

  public String alg;

  /** AES-256-GCM: nonce || ciphertext || tag, with the kid as additional authenticated data. */
  @Column(name = "private_key_ciphertext")
  public byte[] privateKeyCiphertext;

  @Column(name = "kek_id")
  public String kekId;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "public_jwk", columnDefinition = "jsonb")
  public Map<String, Object> publicJwk;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "not_before")
  public Instant notBefore;

  @Column(name = "retire_after")
  public Instant retireAfter;

  @Override
  public String toString() {
    return "SigningKeyEntity[" + kid + "]";
  }
}
