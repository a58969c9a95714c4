package dev.vigil.gateway.service;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.domain.Member;
import dev.vigil.gateway.domain.MemberRole;
import dev.vigil.gateway.domain.RateLimitPlans;
import dev.vigil.gateway.domain.Scope;
import dev.vigil.gateway.domain.ScopeSet;
import dev.vigil.gateway.domain.Tenant;
import dev.vigil.gateway.domain.TenantSlug;
import dev.vigil.gateway.domain.TokenType;
import dev.vigil.gateway.persistence.EntityMapper;
import dev.vigil.gateway.persistence.MemberEntity;
import dev.vigil.gateway.persistence.MemberRepository;
import dev.vigil.gateway.persistence.TenantEntity;
import dev.vigil.gateway.persistence.TenantRepository;
import dev.vigil.kit.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The bootstrap operator's work: tenants. A new tenant comes with an owner member and an owner
 * token holding every scope, returned once, so the tenant can administer itself from then on.
 */
@ApplicationScoped
public class TenantAdminService {

  /** A tenant just created, with its owner and the owner's token (value shown once). */
  public record TenantCreated(Tenant tenant, Member owner, CreatedToken ownerToken) {}

  private final TenantRepository tenants;
  private final MemberRepository members;
  private final ApiTokenService tokens;
  private final Set<String> plans;

  public TenantAdminService(
      TenantRepository tenants,
      MemberRepository members,
      ApiTokenService tokens,
      GatewayConfig config) {
    this.tenants = tenants;
    this.members = members;
    this.tokens = tokens;
    // The built-in plans and the configured ones: a tenant's plan must name one of them.
    Set<String> known = new TreeSet<>(RateLimitPlans.defaults().plans().keySet());
    known.addAll(config.rateLimits().plans().keySet());
    this.plans = Collections.unmodifiableSet(known);
  }

  @WithTransaction
  public Uni<TenantCreated> create(String slug, String plan, String ownerEmail) {
    String canonical =
        TenantSlug.normalize(slug)
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "slug: letters and digits in groups joined by single hyphens, at most "
                            + TenantSlug.MAX_LENGTH
                            + " characters"));
    String chosenPlan = plan == null || plan.isBlank() ? "free" : plan.strip();
    checkPlan(chosenPlan);
    if (!Member.isValidEmail(ownerEmail)) {
      throw ApiException.badRequest("owner_email: not an e-mail address");
    }
    return tenants
        .findBySlug(canonical)
        .invoke(
            existing -> {
              if (existing != null) {
                throw ApiException.conflict("A tenant with this slug already exists");
              }
            })
        .chain(() -> createTenant(canonical, chosenPlan, ownerEmail.strip(), "owner"));
  }

  /**
   * Creates the tenant, its owner and an all-scopes owner token; runs in the caller's transaction.
   */
  Uni<TenantCreated> createTenant(String slug, String plan, String ownerEmail, String tokenName) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    TenantEntity tenant = new TenantEntity();
    tenant.id = UUID.randomUUID();
    tenant.slug = slug;
    tenant.plan = plan;
    tenant.createdAt = now;
    MemberEntity owner = new MemberEntity();
    owner.tenantId = tenant.id;
    owner.email = ownerEmail;
    owner.role = MemberRole.OWNER.value();
    owner.createdAt = now;
    return tenants
        .insert(tenant)
        .chain(() -> members.persistAndFlush(owner))
        .chain(
            savedOwner ->
                tokens.issue(
                    tenant.id,
                    savedOwner.id,
                    savedOwner.id,
                    tokenName,
                    TokenType.PERSONAL_ACCESS_TOKEN,
                    ScopeSet.of(Scope.values()),
                    Optional.empty(),
                    null))
        .map(
            token ->
                new TenantCreated(
                    EntityMapper.toDomain(tenant), EntityMapper.toDomain(owner), token));
  }

  @WithSession
  public Uni<List<Tenant>> list() {
    return tenants.listAllBySlug().map(list -> list.stream().map(EntityMapper::toDomain).toList());
  }

  @WithSession
  public Uni<Tenant> get(String slug) {
    return find(slug).map(EntityMapper::toDomain);
  }

  @WithTransaction
  public Uni<Tenant> updatePlan(String slug, String plan) {
    checkPlan(plan);
    return find(slug).invoke(tenant -> tenant.plan = plan).map(EntityMapper::toDomain);
  }

  private void checkPlan(String plan) {
    if (!Tenant.isValidPlan(plan) || !plans.contains(plan)) {
      throw ApiException.badRequest("plan: one of " + String.join(", ", plans));
    }
  }

  private Uni<TenantEntity> find(String slug) {
    Optional<String> canonical = TenantSlug.normalize(slug);
    if (canonical.isEmpty()) {
      return Uni.createFrom().failure(ApiException.notFound("Not found"));
    }
    return tenants
        .findBySlug(canonical.get())
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Not found"));
  }
}
