package dev.vigil.repoconfig.persistence;

import dev.vigil.repoconfig.domain.SealedCredentials;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code repo_connection}: a project's connection to one platform with its sealed
 * credentials. {@link #version} is bumped by every replace, so a metadata fetch that started before
 * a PUT can tell that its results are stale.
 */
@Entity
@Table(name = "repo_connection")
public class RepoConnectionEntity extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "project_id", nullable = false)
  public UUID projectId;

  /** Wire name: github, gitlab or bitbucket. */
  @Column(nullable = false)
  public String platform;

  @Column(name = "base_url")
  public String baseUrl;

  @Column(name = "lookback_days", nullable = false)
  public int lookbackDays;

  /** {@code token} or {@code app_password}. */
  @Column(name = "credential_kind", nullable = false)
  public String credentialKind;

  @Column(name = "kek_id", nullable = false)
  public String kekId;

  @Column(name = "wrapped_data_key", nullable = false)
  public byte[] wrappedDataKey;

  @Column(name = "data_key_iv", nullable = false)
  public byte[] dataKeyIv;

  @Column(name = "credential_iv", nullable = false)
  public byte[] credentialIv;

  @Column(name = "credential_ciphertext", nullable = false)
  public byte[] credentialCiphertext;

  /** Last time the platform accepted the credentials. */
  @Column(name = "credentials_verified_at")
  public Instant credentialsVerifiedAt;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Column(nullable = false)
  public int version;

  public SealedCredentials sealedCredentials() {
    return new SealedCredentials(
        kekId, wrappedDataKey, dataKeyIv, credentialIv, credentialCiphertext);
  }

  public void setSealedCredentials(SealedCredentials sealed) {
    kekId = sealed.kekId();
    wrappedDataKey = sealed.wrappedDataKey();
    dataKeyIv = sealed.dataKeyIv();
    credentialIv = sealed.dataIv();
    credentialCiphertext = sealed.ciphertext();
  }

  @Override
  public String toString() {
    return "RepoConnection[" + id + "]";
  }
}
