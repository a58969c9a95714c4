package dev.vigil.gateway.security;

import dev.vigil.contracts.identity.InternalJwt;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.domain.Backend;
import dev.vigil.gateway.domain.Principal;
import dev.vigil.gateway.domain.ScopeSet;
import io.vertx.core.http.HttpHeaders;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Mints the RS256 internal JWT that accompanies every forwarded request: issuer {@code
 * vigil-gateway}, audience the backend's service name, the caller's tenant (id and slug), member,
 * token, project, plan and expanded scopes, 60 s lifetime.
 *
 * <p>An RSA-2048 signature costs about a millisecond of CPU, so a token is reused for the same (API
 * token, backend, project, plan, scopes) for {@code vigil.gateway.jwt.reuse} (default 20 s): a
 * reused token still has at least 40 s to live, and revocation is enforced by the gateway before
 * any token is used, so reuse never extends an API token's reach.
 */
@Singleton
public class InternalJwtIssuer {

  private static final int MAX_CACHED = 50_000;

  private record Key(
      UUID tokenId,
      Backend backend,
      UUID projectId,
      String plan,
      String tenantSlug,
      ScopeSet scopes,
      UUID tenantId) {}

  /** The header value as bytes once ({@code AsciiString}): forwarding copies it as it is. */
  private record Cached(CharSequence authorization, String kid, long reuseUntilMillis) {}

  private final SigningKeyService keys;
  private final long reuseMillis;
  private final ConcurrentHashMap<Key, Cached> cache = new ConcurrentHashMap<>();

  public InternalJwtIssuer(SigningKeyService keys, GatewayConfig config) {
    this.keys = keys;
    this.reuseMillis =
        Math.min(config.jwt().reuse().toMillis(), InternalJwt.TTL_SECONDS * 1000L / 2);
  }

  /**
   * The {@code Authorization} value ({@code Bearer <jwt>}) for a token holder's request to {@code
   * backend}, bound to {@code project} if any.
   */
  public CharSequence authorizationFor(
      Principal.TokenHolder holder,
      String plan,
      String tenantSlug,
      Backend backend,
      Optional<UUID> project) {
    Objects.requireNonNull(holder, "holder");
    long now = System.currentTimeMillis();
    Key key =
        new Key(
            holder.tokenId(),
            backend,
            project.orElse(null),
            plan,
            tenantSlug,
            holder.scopes(),
            holder.tenantId());
    Cached cached = cache.get(key);
    if (cached != null
        && now < cached.reuseUntilMillis()
        && keys.isPublished(cached.kid(), Instant.ofEpochMilli(now))) {
      return cached.authorization();
    }
    JwtClaims claims = baseClaims(backend.serviceName(), now);
    claims.setSubject(Long.toString(holder.memberId()));
    claims.setClaim(InternalJwt.TENANT_ID, holder.tenantId().toString());
    claims.setClaim(InternalJwt.MEMBER_ID, holder.memberId());
    claims.setClaim(InternalJwt.TOKEN_ID, holder.tokenId().toString());
    project.ifPresent(p -> claims.setClaim(InternalJwt.PROJECT_ID, p.toString()));
    claims.setClaim(InternalJwt.PLAN, plan == null ? "free" : plan);
    if (tenantSlug != null) {
      claims.setClaim(InternalJwt.TENANT_SLUG, tenantSlug);
    }
    claims.setStringListClaim(InternalJwt.SCOPES, holder.scopes().expanded().values());
    SigningKeyService.LoadedKey signer = keys.signingKey(Instant.ofEpochMilli(now));
    CharSequence authorization = HttpHeaders.createOptimized("Bearer " + sign(claims, signer));
    if (cache.size() >= MAX_CACHED) {
      cache.entrySet().removeIf(e -> now >= e.getValue().reuseUntilMillis());
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
    }
    cache.put(key, new Cached(authorization, signer.kid(), now + reuseMillis));
    return authorization;
  }

  /**
   * A JWT for a backend calling another service with its own identity (client credentials): no
   * member or token, a {@code service} claim, and internal scopes as they are (no implications).
   *
   * @param tenantId the tenant the call acts for
   */
  public String forService(String service, String audience, UUID tenantId, List<String> scopes) {
    long now = System.currentTimeMillis();
    JwtClaims claims = baseClaims(audience, now);
    claims.setSubject(service);
    claims.setClaim(InternalJwt.SERVICE, service);
    claims.setClaim(InternalJwt.TENANT_ID, tenantId.toString());
    claims.setStringListClaim(InternalJwt.SCOPES, List.copyOf(scopes));
    return sign(claims, keys.signingKey(Instant.ofEpochMilli(now)));
  }

  /** Drops cached JWTs of one API token (after its revocation, for tidiness only). */
  public void forget(UUID tokenId) {
    cache.keySet().removeIf(k -> k.tokenId().equals(tokenId));
  }

  private static JwtClaims baseClaims(String audience, long nowMillis) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(InternalJwt.ISSUER);
    claims.setAudience(audience);
    NumericDate issued = NumericDate.fromMilliseconds(nowMillis);
    claims.setIssuedAt(issued);
    NumericDate expires = NumericDate.fromMilliseconds(nowMillis);
    expires.addSeconds(InternalJwt.TTL_SECONDS);
    claims.setExpirationTime(expires);
    claims.setJwtId(UUID.randomUUID().toString());
    return claims;
  }

  private static String sign(JwtClaims claims, SigningKeyService.LoadedKey signer) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setKeyIdHeaderValue(signer.kid());
    jws.setHeader("typ", "JWT");
    jws.setKey(signer.privateKey());
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("cannot sign an internal JWT", e);
    }
  }
}
