package dev.vigil.scanning.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Stored upload payloads; written with their upload, read by the processor (JDBC) and by the SARIF
 * view of an analysis.
 */
@ApplicationScoped
public class SarifPayloadRepository implements PanacheRepositoryBase<SarifPayloadEntity, UUID> {}
