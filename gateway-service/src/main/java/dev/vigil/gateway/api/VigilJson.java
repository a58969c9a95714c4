package dev.vigil.gateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.gateway.domain.Member;
import dev.vigil.gateway.domain.Project;
import dev.vigil.gateway.domain.Tenant;
import java.time.Instant;
import java.util.UUID;

/** Request and response bodies of Vigil's own administration API ({@code /vigil/v1}). */
public final class VigilJson {

  private VigilJson() {}

  public record TenantJson(
      UUID id,
      String slug,
      String plan,
      @JsonProperty("workspace_id") long workspaceId,
      @JsonProperty("created_at") Instant createdAt) {
    static TenantJson of(Tenant t) {
      return new TenantJson(t.id(), t.slug(), t.plan(), t.workspaceId(), t.createdAt());
    }
  }

  public record CreateTenantRequest(
      String slug, String plan, @JsonProperty("owner_email") String ownerEmail) {}

  public record UpdateTenantRequest(String plan) {}

  /** A new tenant with its owner and the owner's token (value shown once). */
  public record CreatedTenantJson(TenantJson tenant, MemberJson owner, CreatedApiTokenJson token) {}

  public record ProjectJson(UUID id, String name, @JsonProperty("created_at") Instant createdAt) {
    static ProjectJson of(Project p) {
      return new ProjectJson(p.id(), p.name(), p.createdAt());
    }
  }

  public record ProjectRequest(String name) {}

  public record MemberJson(
      long id, String email, String role, @JsonProperty("created_at") Instant createdAt) {
    static MemberJson of(Member m) {
      return new MemberJson(m.id(), m.email(), m.role().value(), m.createdAt());
    }
  }

  public record CreateMemberRequest(String email, String role) {}

  public record UpdateMemberRequest(String role) {}
}
