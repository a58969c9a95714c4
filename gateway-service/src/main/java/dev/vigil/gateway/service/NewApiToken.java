package dev.vigil.gateway.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a caller asks for in {@code POST /v1/api_tokens}, still unvalidated.
 *
 * @param memberId the member the token acts as; the caller's own when empty
 * @param projectId pins the token to a project
 */
public record NewApiToken(
    String name,
    List<String> scopes,
    Optional<Instant> expireAt,
    Optional<String> type,
    Optional<Long> memberId,
    Optional<UUID> projectId) {}
