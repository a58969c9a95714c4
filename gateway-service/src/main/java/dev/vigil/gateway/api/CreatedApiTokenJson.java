package dev.vigil.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.vigil.gateway.service.CreatedToken;
import java.time.Instant;
import java.util.UUID;

/**
 * The token object (its fields inline, in their order) plus {@code project_id} and {@code token},
 * the value, in the creation response only.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"apiToken", "project_id", "token"})
public record CreatedApiTokenJson(
    @JsonUnwrapped ApiTokenJson apiToken,
    @JsonProperty("project_id") UUID projectId,
    String token) {

  static CreatedApiTokenJson of(CreatedToken created, long workspaceId, Instant now) {
    return new CreatedApiTokenJson(
        ApiTokenJson.of(created.token(), workspaceId, now),
        created.token().projectId().orElse(null),
        created.plaintext());
  }

  @Override
  public String toString() {
    return "CreatedApiTokenJson[" + apiToken.id() + "]";
  }
}
