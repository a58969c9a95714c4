package dev.vigil.repoconfig.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Appends to {@code credential_access_audit}. */
@ApplicationScoped
public class CredentialAuditRepository
    implements PanacheRepositoryBase<CredentialAccessAuditEntity, Long> {

  /** Records one decryption; runs in the caller's transaction. */
  public Uni<Void> record(
      RepoConnectionEntity connection, String accessor, String purpose, Instant at) {
    CredentialAccessAuditEntity row = new CredentialAccessAuditEntity();
    row.tenantId = connection.tenantId;
    row.projectId = connection.projectId;
    row.connectionId = connection.id;
    row.accessor = accessor;
    row.purpose = purpose;
    row.accessedAt = at;
    return persist(row).replaceWithVoid();
  }
}
