package dev.vigil.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Backends' client credentials: installation-wide, not tenant data. */
@ApplicationScoped
public class ServiceClientRepository implements PanacheRepositoryBase<ServiceClientEntity, String> {

  public Uni<List<ServiceClientEntity>> listAllById() {
    return listAll(Sort.by("clientId"));
  }
}
