package dev.vigil.gateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Body of {@code POST /v1/api_tokens}.
 *
 * @param expireAt ISO-8601, or null for a token that never expires
 * @param memberId the member the token acts as (needs {@code members:write} when not oneself)
 * @param projectId pins the token to one project
 */
public record CreateApiTokenRequest(
    String name,
    List<String> scopes,
    @JsonProperty("expire_at") String expireAt,
    String type,
    @JsonProperty("member_id") Long memberId,
    @JsonProperty("project_id") String projectId) {}
