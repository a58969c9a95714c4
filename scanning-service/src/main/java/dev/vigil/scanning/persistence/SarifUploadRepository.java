package dev.vigil.scanning.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** SARIF uploads (status rows). */
@ApplicationScoped
public class SarifUploadRepository implements PanacheRepositoryBase<SarifUploadEntity, UUID> {

  /** The upload if it belongs to this tenant's repository. */
  public Uni<SarifUploadEntity> find(UUID tenantId, long repoId, UUID uploadId) {
    return find("id = ?1 and tenantId = ?2 and repoId = ?3", uploadId, tenantId, repoId)
        .firstResult();
  }
}
