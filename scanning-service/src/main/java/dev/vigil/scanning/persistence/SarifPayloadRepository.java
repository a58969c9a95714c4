package dev.vigil.scanning.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Stored upload payloads; written with their upload, read only by the processor (JDBC). */
@ApplicationScoped
public class SarifPayloadRepository implements PanacheRepositoryBase<SarifPayloadEntity, UUID> {}
