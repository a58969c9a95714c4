package dev.vigil.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Signing keys: installation-wide, not tenant data. */
@ApplicationScoped
public class SigningKeyRepository implements PanacheRepositoryBase<SigningKeyEntity, String> {

  // Any constant: it only has to be the same on every replica.
  private static final long ROTATION_LOCK = 0x5649474c4b455953L;

  /** Keys still to be published at {@code now}, oldest first. */
  public Uni<List<SigningKeyEntity>> listUnretired(Instant now) {
    return list("retireAfter > ?1 order by notBefore, kid", now);
  }

  /** Drops keys retired before {@code before}; their tokens expired long ago. */
  public Uni<Long> deleteRetiredBefore(Instant before) {
    return delete("retireAfter < ?1", before);
  }

  /**
   * Serialises key creation across replicas for the rest of the current transaction, so two
   * gateways starting together do not both create a first key.
   */
  public Uni<Void> lockForRotation() {
    return getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(
                        "select count(*) from (select pg_advisory_xact_lock(:k)) as l", Long.class)
                    .setParameter("k", ROTATION_LOCK)
                    .getSingleResult())
        .replaceWithVoid();
  }
}
