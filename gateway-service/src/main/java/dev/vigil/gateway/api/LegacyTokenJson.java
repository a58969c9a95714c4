package dev.vigil.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/** {@code GET /v1/token}: the token details older py-gitguardian releases read. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"type", "account_id", "name", "scope", "expire_at"})
public record LegacyTokenJson(
    String type,
    @JsonProperty("account_id") long accountId,
    String name,
    List<String> scope,
    @JsonProperty("expire_at") Instant expireAt) {}
