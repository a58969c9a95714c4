package dev.vigil.gateway.service;

import dev.vigil.gateway.domain.Member;
import dev.vigil.gateway.domain.MemberRole;
import dev.vigil.gateway.persistence.ApiTokenRepository;
import dev.vigil.gateway.persistence.EntityMapper;
import dev.vigil.gateway.persistence.MemberEntity;
import dev.vigil.gateway.persistence.MemberRepository;
import dev.vigil.gateway.security.Caller;
import dev.vigil.gateway.security.TokenAuthenticator;
import dev.vigil.kit.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's members. Deleting one deletes its tokens in the same transaction. Managing members
 * needs {@code members:write}, which only managers and owners can hold ({@link
 * MemberRole#allowedScopes()}); and no one creates, changes or deletes a member above their own
 * role, gives a role above their own, or changes their own role.
 */
@ApplicationScoped
public class MemberService {

  private static final String FORBIDDEN = "You do not have permission to perform this action";

  private final MemberRepository members;
  private final ApiTokenRepository tokens;
  private final TokenAuthenticator authenticator;

  public MemberService(
      MemberRepository members, ApiTokenRepository tokens, TokenAuthenticator authenticator) {
    this.members = members;
    this.tokens = tokens;
    this.authenticator = authenticator;
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
    requireManages(caller, memberRole);
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

  /**
   * Changes a member's role. Call {@link #forgetTokens} once this committed, so that their tokens
   * follow at once on this replica (and within the cache TTL elsewhere).
   */
  @WithTransaction
  public Uni<Member> changeRole(Caller caller, long id, String role) {
    MemberRole memberRole = parseRole(role);
    if (caller.holder().memberId() == id) {
      throw ApiException.forbidden("A member cannot change their own role");
    }
    requireManages(caller, memberRole);
    return find(caller.holder().tenantId(), id)
        .invoke(member -> requireManages(caller, roleOf(member)))
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
        .invoke(member -> requireManages(caller, roleOf(member)))
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

  /** Drops a member's cached tokens on this replica, so they re-read the member's role. */
  public void forgetTokens(Member member) {
    authenticator.invalidateMember(member.tenantId(), member.id());
  }

  private static void requireManages(Caller caller, MemberRole target) {
    if (!caller.holder().role().mayManage(target)) {
      throw ApiException.forbidden(FORBIDDEN);
    }
  }

  private static MemberRole roleOf(MemberEntity member) {
    return EntityMapper.toDomain(member).role();
  }

  private static MemberRole parseRole(String role) {
    return MemberRole.fromValue(role)
        .orElseThrow(
            () -> ApiException.badRequest("role: one of owner, manager, member, restricted"));
  }
}
