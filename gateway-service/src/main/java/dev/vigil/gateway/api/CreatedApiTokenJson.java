package dev.vigil.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.gateway.service.CreatedToken;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The token object plus {@code token}, the value, in the creation response only. */
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
  "scopes",
  "project_id",
  "token"
})
public record CreatedApiTokenJson(
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
    List<String> scopes,
    @JsonProperty("project_id") UUID projectId,
    String token) {

  static CreatedApiTokenJson of(CreatedToken created, long workspaceId, Instant now) {
    ApiTokenJson t = ApiTokenJson.of(created.token(), workspaceId, now);
    return new CreatedApiTokenJson(
        t.id(),
        t.name(),
        t.workspaceId(),
        t.type(),
        t.status(),
        t.createdAt(),
        t.lastUsedAt(),
        t.expireAt(),
        t.revokedAt(),
        t.memberId(),
        t.creatorId(),
        t.scopes(),
        created.token().projectId().orElse(null),
        created.plaintext());
  }

  @Override
  public String toString() {
    return "CreatedApiTokenJson[" + id + "]";
  }
}
