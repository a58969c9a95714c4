package dev.vigil.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.gateway.domain.ApiToken;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * GitGuardian's API token object, field for field (seed 002), plus {@code workspace_id}, which
 * GitGuardian's own responses carry (recorded by ggshield). Nullable timestamps are sent as null.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
  "id",
  "name",
  "workspace_id",
  "type",
  "status",
  "created_at",
  "last_used_at",
  "expire_at",
  "revoked_at",
  "member_id",
  "creator_id",
  "scopes"
})
public record ApiTokenJson(
    UUID id,
    String name,
    @JsonProperty("workspace_id") long workspaceId,
    String type,
    String status,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("last_used_at") Instant lastUsedAt,
    @JsonProperty("expire_at") Instant expireAt,
    @JsonProperty("revoked_at") Instant revokedAt,
    @JsonProperty("member_id") long memberId,
    @JsonProperty("creator_id") Long creatorId,
    List<String> scopes) {

  static ApiTokenJson of(ApiToken token, long workspaceId, Instant now) {
    return new ApiTokenJson(
        token.id(),
        token.name(),
        workspaceId,
        token.type().value(),
        token.status(now).value(),
        token.createdAt(),
        token.lastUsedAt(),
        token.expireAt(),
        token.revokedAt(),
        token.memberId(),
        token.creatorId().orElse(null),
        token.scopes().values());
  }
}
