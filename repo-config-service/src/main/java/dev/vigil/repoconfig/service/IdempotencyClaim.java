package dev.vigil.repoconfig.service;

import java.util.UUID;

/** An {@code Idempotency-Key} this request owns while it does its work. */
public record IdempotencyClaim(UUID tenantId, UUID projectId, String key, String fingerprint) {}
