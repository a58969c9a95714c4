package dev.vigil.gateway.service;

import dev.vigil.gateway.domain.ApiToken;
import dev.vigil.gateway.domain.ApiTokenFormat;
import dev.vigil.gateway.domain.IssuedToken;
import dev.vigil.gateway.domain.MemberRole;
import dev.vigil.gateway.domain.Principal;
import dev.vigil.gateway.domain.Scope;
import dev.vigil.gateway.domain.ScopeSet;
import dev.vigil.gateway.domain.TokenType;
import dev.vigil.gateway.persistence.ApiTokenEntity;
import dev.vigil.gateway.persistence.ApiTokenFilter;
import dev.vigil.gateway.persistence.ApiTokenRepository;
import dev.vigil.gateway.persistence.EntityMapper;
import dev.vigil.gateway.persistence.MemberRepository;
import dev.vigil.gateway.persistence.ProjectRepository;
import dev.vigil.gateway.security.Caller;
import dev.vigil.gateway.security.GatewaySecrets;
import dev.vigil.gateway.security.InternalJwtIssuer;
import dev.vigil.gateway.security.TokenAuthenticator;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.kit.input.InputDates;
import dev.vigil.kit.pagination.CursorPage;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * GitGuardian's token API over the caller's tenant: read, list, create and revoke. Every lookup is
 * by (tenant, id), so another tenant's token is indistinguishable from a missing one. Members below
 * manager see and act on their own tokens only (another's is a 404); managers and owners see every
 * token of the tenant but act only on those of members at most as high as themselves.
 */
@ApplicationScoped
public class ApiTokenService {

  static final int MAX_NAME_LENGTH = 255;

  private static final String FORBIDDEN = "You do not have permission to perform this action.";

  private final ApiTokenRepository tokens;
  private final MemberRepository members;
  private final ProjectRepository projects;
  private final ApiTokenFormat format;
  private final TokenAuthenticator authenticator;
  private final InternalJwtIssuer jwts;

  public ApiTokenService(
      ApiTokenRepository tokens,
      MemberRepository members,
      ProjectRepository projects,
      GatewaySecrets secrets,
      TokenAuthenticator authenticator,
      InternalJwtIssuer jwts) {
    this.tokens = tokens;
    this.members = members;
    this.projects = projects;
    this.format = new ApiTokenFormat(secrets.hasher());
    this.authenticator = authenticator;
    this.jwts = jwts;
  }

  @WithSession
  public Uni<ApiToken> self(Caller caller) {
    Principal.TokenHolder holder = caller.holder();
    return get(holder.tenantId(), holder.tokenId());
  }

  @WithSession
  public Uni<ApiToken> get(Caller caller, UUID tokenId) {
    return visible(caller.holder(), tokenId).map(EntityMapper::toDomain);
  }

  @WithTransaction
  public Uni<Void> revokeSelf(Caller caller) {
    Principal.TokenHolder holder = caller.holder();
    return revoke(holder.tenantId(), holder.tokenId());
  }

  @WithTransaction
  public Uni<Void> revoke(Caller caller, UUID tokenId) {
    Principal.TokenHolder holder = caller.holder();
    return visible(holder, tokenId)
        .call(
            token ->
                token.memberId == holder.memberId()
                    ? Uni.createFrom().voidItem()
                    : memberRole(holder.tenantId(), token.memberId)
                        .invoke(role -> requireManages(holder, role)))
        .chain(token -> revoke(holder.tenantId(), token.id));
  }

  /** The token if the holder may see it: their own, or any of the tenant's for a manager. */
  private Uni<ApiTokenEntity> visible(Principal.TokenHolder holder, UUID tokenId) {
    return tokens
        .findInTenant(holder.tenantId(), tokenId)
        .map(
            token ->
                token != null
                        && (token.memberId == holder.memberId() || holder.role().managesOthers())
                    ? token
                    : null)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Not found."));
  }

  private Uni<MemberRole> memberRole(UUID tenantId, long memberId) {
    return members
        .findInTenant(tenantId, memberId)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Not found."))
        .map(member -> EntityMapper.toDomain(member).role());
  }

  private static void requireManages(Principal.TokenHolder holder, MemberRole target) {
    if (!holder.role().mayManage(target)) {
      throw ApiException.forbidden(FORBIDDEN);
    }
  }

  @WithSession
  public Uni<TokenPage> list(
      Caller caller, ApiTokenFilter requested, String cursor, Integer perPage) {
    CursorPage page = CursorPage.of(cursor, perPage);
    Principal.TokenHolder holder = caller.holder();
    ApiTokenFilter filter = requested;
    if (!holder.role().managesOthers()) {
      // Below manager, the listing is of one's own tokens; asking for another's finds none.
      if (requested.memberId().isPresent() && requested.memberId().get() != holder.memberId()) {
        return Uni.createFrom().item(new TokenPage(List.of(), null, null, page.perPage()));
      }
      filter =
          new ApiTokenFilter(
              requested.status(),
              Optional.of(holder.memberId()),
              requested.creatorId(),
              requested.scopes(),
              requested.search(),
              requested.ordering(),
              requested.now());
    }
    ApiTokenFilter effective = filter;
    ApiTokenRepository.Keyset after = null;
    boolean backwards = false;
    if (!page.isFirst()) {
      Map<String, String> position = page.position();
      if (!effective.ordering().field().wireName().equals(position.get("o"))
          || effective.ordering().descending() != "desc".equals(position.get("s"))) {
        throw ApiException.badRequest("Invalid cursor.");
      }
      try {
        after =
            new ApiTokenRepository.Keyset(
                Instant.parse(position.get("v")), UUID.fromString(position.get("id")));
      } catch (RuntimeException e) {
        throw ApiException.badRequest("Invalid cursor.");
      }
      backwards = "p".equals(position.get("d"));
    }
    boolean first = page.isFirst();
    boolean back = backwards;
    int size = page.perPage();
    return tokens
        .page(caller.holder().tenantId(), effective, after, backwards, size + 1)
        .map(
            rows -> {
              boolean more = rows.size() > size;
              List<ApiTokenEntity> shown =
                  new ArrayList<>(rows.subList(0, Math.min(size, rows.size())));
              if (back) {
                Collections.reverse(shown);
              }
              boolean hasNext = back || more;
              boolean hasPrev = back ? more : !first;
              String next =
                  hasNext && !shown.isEmpty()
                      ? cursor(shown.get(shown.size() - 1), effective, "n")
                      : null;
              String prev =
                  hasPrev && !shown.isEmpty() ? cursor(shown.get(0), effective, "p") : null;
              return new TokenPage(
                  shown.stream().map(EntityMapper::toDomain).toList(), next, prev, size);
            });
  }

  @WithTransaction
  public Uni<CreatedToken> create(Caller caller, NewApiToken request) {
    Principal.TokenHolder creator = caller.holder();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    String name = request.name() == null ? "" : request.name().strip();
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw ApiException.badRequest("name: must be 1 to " + MAX_NAME_LENGTH + " characters.");
    }
    if (request.scopes() == null || request.scopes().isEmpty()) {
      throw ApiException.badRequest("scopes: at least one scope is required.");
    }
    ScopeSet scopes;
    try {
      scopes = ScopeSet.parse(request.scopes());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("scopes: " + e.getMessage() + ".");
    }
    ScopeSet exceeding = scopes.exceeding(creator.scopes());
    if (!exceeding.isEmpty()) {
      // The creator's scopes are already bounded by the creator's role.
      throw ApiException.badRequest(
          "scopes: cannot grant scopes the creating token does not hold: "
              + String.join(", ", exceeding.values())
              + ".");
    }
    Instant expireAt = request.expireAt().map(t -> t.truncatedTo(ChronoUnit.MICROS)).orElse(null);
    if (expireAt != null && !expireAt.isAfter(now)) {
      throw ApiException.badRequest("expire_at: must be in the future.");
    }
    TokenType type =
        request
            .type()
            .map(
                t ->
                    TokenType.fromValue(t)
                        .orElseThrow(() -> ApiException.badRequest("type: unknown token type.")))
            .orElse(TokenType.PERSONAL_ACCESS_TOKEN);
    long memberId = request.memberId().orElse(creator.memberId());
    boolean forOther = memberId != creator.memberId();
    if (forOther
        && !(creator.role().managesOthers() && creator.scopes().satisfies(Scope.MEMBERS_WRITE))) {
      throw ApiException.forbidden(FORBIDDEN);
    }
    Optional<UUID> project = request.projectId();
    if (creator.projectId().isPresent()) {
      // A pinned token can only create tokens pinned to the same project.
      if (project.isPresent() && !project.equals(creator.projectId())) {
        throw ApiException.forbidden("You do not have permission to perform this action.");
      }
      project = creator.projectId();
    }
    UUID tenantId = creator.tenantId();
    Optional<UUID> pinned = project;
    Uni<Void> checks =
        memberRole(tenantId, memberId)
            .invoke(
                role -> {
                  if (forOther) {
                    requireManages(creator, role);
                  }
                  ScopeSet beyondRole = scopes.exceeding(role.allowedScopes());
                  if (!beyondRole.isEmpty()) {
                    throw ApiException.badRequest(
                        "scopes: not allowed for the member's role ("
                            + role.value()
                            + "): "
                            + String.join(", ", beyondRole.values())
                            + ".");
                  }
                })
            .replaceWithVoid();
    if (pinned.isPresent() && creator.projectId().isEmpty()) {
      checks =
          checks.chain(
              () ->
                  projects
                      .existsInTenant(tenantId, pinned.get())
                      .invoke(
                          exists -> {
                            if (!exists) {
                              throw ApiException.notFound("Not found.");
                            }
                          })
                      .replaceWithVoid());
    }
    String tokenName = name;
    TokenType tokenType = type;
    Instant expiry = expireAt;
    return checks.chain(
        () ->
            issue(
                tenantId,
                memberId,
                creator.memberId(),
                tokenName,
                tokenType,
                scopes,
                pinned,
                expiry));
  }

  /**
   * Stores a new token without further checks; the caller validated the request and runs the
   * transaction (token creation, tenant creation, dev bootstrap).
   */
  Uni<CreatedToken> issue(
      UUID tenantId,
      long memberId,
      Long creatorId,
      String name,
      TokenType type,
      ScopeSet scopes,
      Optional<UUID> project,
      Instant expireAt) {
    IssuedToken issued = format.generate();
    ApiTokenEntity entity = new ApiTokenEntity();
    entity.id = UUID.randomUUID();
    entity.tenantId = tenantId;
    entity.memberId = memberId;
    entity.creatorId = creatorId;
    entity.name = name;
    entity.type = type.value();
    entity.tokenHash = issued.hash();
    entity.scopes = scopes.values().toArray(String[]::new);
    entity.projectId = project.orElse(null);
    entity.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    entity.expireAt = expireAt;
    return tokens
        .persist(entity)
        .map(saved -> new CreatedToken(EntityMapper.toDomain(saved), issued.plaintext()));
  }

  private Uni<ApiToken> get(UUID tenantId, UUID tokenId) {
    return tokens
        .findInTenant(tenantId, tokenId)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Not found."))
        .map(EntityMapper::toDomain);
  }

  private Uni<Void> revoke(UUID tenantId, UUID tokenId) {
    return tokens
        .revokeInTenant(tenantId, tokenId, Instant.now().truncatedTo(ChronoUnit.MICROS))
        .invoke(
            found -> {
              if (!found) {
                throw ApiException.notFound("Not found.");
              }
            })
        .replaceWithVoid();
  }

  /**
   * Drops a revoked token from this replica's caches. Call after the revocation committed (a lookup
   * racing the commit could otherwise re-cache the old row); other replicas follow within the cache
   * TTL.
   */
  public void forget(UUID tokenId) {
    authenticator.invalidate(tokenId);
    jwts.forget(tokenId);
  }

  private static String cursor(ApiTokenEntity row, ApiTokenFilter filter, String direction) {
    return CursorPage.encode(
        Map.of(
            "v",
            ApiTokenRepository.sortValue(row, filter.ordering().field()).toString(),
            "id",
            row.id.toString(),
            "d",
            direction,
            "o",
            filter.ordering().field().wireName(),
            "s",
            filter.ordering().descending() ? "desc" : "asc"));
  }

  /** Parses an ISO-8601 instant from a request: a 400 when malformed or beyond year 9999. */
  public static Optional<Instant> parseInstant(String field, String text) {
    return InputDates.parseInstant(field, text);
  }
}
