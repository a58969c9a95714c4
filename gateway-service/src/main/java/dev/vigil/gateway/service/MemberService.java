package dev.vigil.gateway.service;

import dev.vigil.gateway.domain.Member;
import dev.vigil.gateway.domain.MemberRole;
import dev.vigil.gateway.persistence.ApiTokenRepository;
import dev.vigil.gateway.persistence.EntityMapper;
import dev.vigil.gateway.persistence.MemberEntity;
import dev.vigil.gateway.persistence.MemberRepository;
import dev.vigil.gateway.security.Caller;
import dev.vigil.kit.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** A tenant's members. Deleting one deletes its tokens in the same transaction. */
@ApplicationScoped
public class MemberService {

  private final MemberRepository members;
  private final ApiTokenRepository tokens;

  public MemberService(MemberRepository members, ApiTokenRepository tokens) {
    this.members = members;
    this.tokens = tokens;
  }

  @WithSession
  public Uni<List<Member>> list(Caller caller) {
    return members
        .listInTenant(caller.holder().tenantId())
        .map(rows -> rows.stream().map(EntityMapper::toDomain).toList());
  }

  @WithSession
  public Uni<Member> get(Caller caller, long id) {
    return find(caller.holder().tenantId(), id).map(EntityMapper::toDomain);
  }

  @WithTransaction
  public Uni<Member> create(Caller caller, String email, String role) {
    if (!Member.isValidEmail(email)) {
      throw ApiException.badRequest("email: not an e-mail address");
    }
    MemberRole memberRole = parseRole(role == null ? MemberRole.MEMBER.value() : role);
    UUID tenantId = caller.holder().tenantId();
    String address = email.strip();
    return members
        .findByEmail(tenantId, address)
        .invoke(
            existing -> {
              if (existing != null) {
                throw ApiException.conflict("A member with this e-mail already exists");
              }
            })
        .chain(
            () -> {
              MemberEntity member = new MemberEntity();
              member.tenantId = tenantId;
              member.email = address;
              member.role = memberRole.value();
              member.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
              return members.persistAndFlush(member);
            })
        .map(EntityMapper::toDomain);
  }

  @WithTransaction
  public Uni<Member> changeRole(Caller caller, long id, String role) {
    MemberRole memberRole = parseRole(role);
    return find(caller.holder().tenantId(), id)
        .invoke(member -> member.role = memberRole.value())
        .map(EntityMapper::toDomain);
  }

  @WithTransaction
  public Uni<Void> delete(Caller caller, long id) {
    if (caller.holder().memberId() == id) {
      throw ApiException.conflict("A member cannot delete themselves");
    }
    UUID tenantId = caller.holder().tenantId();
    return find(tenantId, id)
        .call(member -> tokens.deleteByMember(tenantId, member.id))
        .call(member -> members.deleteInTenant(tenantId, member.id))
        .replaceWithVoid();
  }

  private Uni<MemberEntity> find(UUID tenantId, long id) {
    return members
        .findInTenant(tenantId, id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Not found"));
  }

  private static MemberRole parseRole(String role) {
    return MemberRole.fromValue(role)
        .orElseThrow(
            () -> ApiException.badRequest("role: one of owner, manager, member, restricted"));
  }
}
