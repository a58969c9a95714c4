package dev.vigil.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Members, always within one tenant. */
@ApplicationScoped
public class MemberRepository implements PanacheRepositoryBase<MemberEntity, Long> {

  public Uni<MemberEntity> findInTenant(UUID tenantId, long id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
  }

  public Uni<MemberEntity> findByEmail(UUID tenantId, String email) {
    return find("tenantId = ?1 and lower(email) = lower(?2)", tenantId, email).firstResult();
  }

  public Uni<List<MemberEntity>> listInTenant(UUID tenantId) {
    return list("tenantId", Sort.by("id"), tenantId);
  }

  public Uni<Long> deleteInTenant(UUID tenantId, long id) {
    return delete("tenantId = ?1 and id = ?2", tenantId, id);
  }
}
