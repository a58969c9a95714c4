package dev.vigil.gateway.security;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.domain.ApiTokenFormat;
import dev.vigil.gateway.domain.AuthorizationHeader;
import dev.vigil.gateway.domain.MemberRole;
import dev.vigil.gateway.domain.PresentedToken;
import dev.vigil.gateway.domain.Principal;
import dev.vigil.gateway.domain.ScopeSet;
import dev.vigil.gateway.domain.TokenParseResult;
import dev.vigil.gateway.domain.TokenStatus;
import dev.vigil.gateway.persistence.AuthenticationStore;
import dev.vigil.gateway.persistence.EntityMapper;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jboss.logging.Logger;

/**
 * Authenticates API tokens: header scheme, then format and checksum (no database hit for junk),
 * then the operator's hash, then the token store by hash through a tiny cache.
 *
 * <p>Cache entries live {@code vigil.gateway.auth.cache-ttl} (1 s) from the moment their lookup
 * started, so a revocation or an expiry written by any replica takes effect everywhere within that
 * time; statuses are recomputed per request, so expiry is exact. Concurrent misses for one token
 * share one query. The cache is keyed by the token's hash, never the token.
 */
@Singleton
public class TokenAuthenticator {

  private static final Logger LOG = Logger.getLogger(TokenAuthenticator.class);

  /** One lookup's result and its life: reused until expiry, refreshed from 3/4 of it. */
  private static final class Entry {
    static final AtomicReferenceFieldUpdater<Entry, Entry> NEXT =
        AtomicReferenceFieldUpdater.newUpdater(Entry.class, Entry.class, "next");

    final CompletableFuture<TokenRecord> lookup = new CompletableFuture<>();
    final long expiresAtNanos;
    final long refreshAtNanos;
    volatile Entry next;

    Entry(long startedNanos, long ttlNanos) {
      this.expiresAtNanos = startedNanos + ttlNanos;
      this.refreshAtNanos = startedNanos + ttlNanos * 3 / 4;
    }

    boolean usable() {
      return lookup.isDone() && !lookup.isCompletedExceptionally();
    }
  }

  private final GatewaySecrets secrets;
  private final AuthenticationStore store;
  private final LastUsedRecorder lastUsed;
  private final long ttlNanos;
  private final int maxEntries;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

  public TokenAuthenticator(
      GatewaySecrets secrets,
      AuthenticationStore store,
      LastUsedRecorder lastUsed,
      GatewayConfig config) {
    this.secrets = secrets;
    this.store = store;
    this.lastUsed = lastUsed;
    this.ttlNanos = config.auth().cacheTtl().toNanos();
    this.maxEntries = config.auth().cacheMaxEntries();
  }

  /**
   * Authenticates a request from all its {@code Authorization} headers: more than one is refused (a
   * proxy before or after us might pick another than we do).
   */
  public CompletableFuture<AuthOutcome> authenticate(List<String> authorizationHeaders) {
    if (authorizationHeaders.size() > 1) {
      return rejected(AuthOutcome.Rejected.Reason.DUPLICATED);
    }
    return authenticate(authorizationHeaders.isEmpty() ? null : authorizationHeaders.get(0));
  }

  /**
   * Authenticates a request. Completes synchronously unless the token store must be asked; then it
   * completes on whatever thread the query finished on, so callers hop back to their own context.
   * Must be called on a Vert.x event-loop context (the query uses the reactive session).
   */
  public CompletableFuture<AuthOutcome> authenticate(String authorizationHeader) {
    Optional<String> credential = AuthorizationHeader.credential(authorizationHeader);
    if (credential.isEmpty()) {
      return rejected(AuthOutcome.Rejected.Reason.MISSING);
    }
    TokenParseResult parsed = ApiTokenFormat.parse(credential.get());
    if (!(parsed instanceof TokenParseResult.Ok(PresentedToken token))) {
      return rejected(
          parsed instanceof TokenParseResult.BadChecksum
              ? AuthOutcome.Rejected.Reason.BAD_CHECKSUM
              : AuthOutcome.Rejected.Reason.MALFORMED);
    }
    String hash = token.hash(secrets.hasher());
    if (secrets.operator().matches(hash)) {
      return CompletableFuture.completedFuture(new AuthOutcome.Authenticated(Caller.operator()));
    }
    CompletableFuture<TokenRecord> lookup = lookup(hash);
    if (lookup.isDone() && !lookup.isCompletedExceptionally()) {
      return CompletableFuture.completedFuture(evaluate(lookup.join()));
    }
    return lookup.handle(
        (record, failure) -> {
          if (failure != null) {
            LOG.warnf("token store unavailable: %s", failure.getClass().getSimpleName());
            return new AuthOutcome.Unavailable();
          }
          return evaluate(record);
        });
  }

  /** Forgets a token at once on this replica (others follow within the cache TTL). */
  public void invalidate(UUID tokenId) {
    cache
        .entrySet()
        .removeIf(
            e -> {
              CompletableFuture<TokenRecord> f = e.getValue().lookup;
              return f.isDone()
                  && !f.isCompletedExceptionally()
                  && f.join() != null
                  && f.join().holder().tokenId().equals(tokenId);
            });
  }

  /**
   * Forgets every cached token of a member at once on this replica, after a role change committed
   * (others follow within the cache TTL).
   */
  public void invalidateMember(UUID tenantId, long memberId) {
    cache
        .entrySet()
        .removeIf(
            e -> {
              CompletableFuture<TokenRecord> f = e.getValue().lookup;
              return f.isDone()
                  && !f.isCompletedExceptionally()
                  && f.join() != null
                  && f.join().holder().tenantId().equals(tenantId)
                  && f.join().holder().memberId() == memberId;
            });
  }

  private AuthOutcome evaluate(TokenRecord record) {
    if (record == null) {
      return new AuthOutcome.Rejected(AuthOutcome.Rejected.Reason.UNKNOWN);
    }
    Instant now = Instant.now();
    TokenStatus status = record.statusAt(now);
    if (status != TokenStatus.ACTIVE) {
      return new AuthOutcome.Rejected(
          status == TokenStatus.REVOKED
              ? AuthOutcome.Rejected.Reason.REVOKED
              : AuthOutcome.Rejected.Reason.EXPIRED);
    }
    lastUsed.record(record.holder().tokenId(), now);
    return new AuthOutcome.Authenticated(record.caller());
  }

  private CompletableFuture<TokenRecord> lookup(String hash) {
    long now = System.nanoTime();
    Entry entry = cache.get(hash);
    if (entry != null && now - entry.expiresAtNanos < 0) {
      if (now - entry.refreshAtNanos >= 0 && entry.usable()) {
        refresh(hash, entry, now);
      }
      return entry.lookup;
    }
    if (entry != null) {
      // Expired: adopt a refresh that started in time instead of asking again.
      Entry next = entry.next;
      if (next != null
          && now - next.expiresAtNanos < 0
          && !next.lookup.isCompletedExceptionally()) {
        cache.replace(hash, entry, next);
        return next.lookup;
      }
    }
    Entry fresh = new Entry(now, ttlNanos);
    boolean installed =
        entry == null ? cache.putIfAbsent(hash, fresh) == null : cache.replace(hash, entry, fresh);
    if (!installed) {
      Entry winner = cache.get(hash);
      return winner != null ? winner.lookup : lookup(hash);
    }
    if (cache.size() > maxEntries) {
      trim(now);
    }
    query(hash, fresh, () -> cache.remove(hash, fresh));
    return fresh.lookup;
  }

  /**
   * Reads a hot token again before its entry expires, while requests keep using the entry (which is
   * never older than the TTL), so they do not all wait for the query once a second.
   */
  private void refresh(String hash, Entry entry, long now) {
    Entry next = new Entry(now, ttlNanos);
    if (!Entry.NEXT.compareAndSet(entry, null, next)) {
      return; // one refresh per entry
    }
    next.lookup.thenRun(() -> cache.replace(hash, entry, next));
    query(hash, next, () -> {});
  }

  // A failure is never cached: the next request asks again.
  private void query(String hash, Entry entry, Runnable onFailure) {
    store
        .findByHash(hash)
        .subscribe()
        .with(
            row -> entry.lookup.complete(row == null ? null : toRecord(row)),
            failure -> {
              onFailure.run();
              entry.lookup.completeExceptionally(failure);
            });
  }

  private void trim(long now) {
    cache.entrySet().removeIf(e -> now - e.getValue().expiresAtNanos >= 0);
    if (cache.size() > maxEntries) {
      cache.clear();
    }
  }

  private static TokenRecord toRecord(AuthenticationStore.TokenRow row) {
    // A role the code does not know grants the least.
    MemberRole role = MemberRole.fromValue(row.memberRole()).orElse(MemberRole.RESTRICTED);
    // The token's scopes within what its member's role allows, as the row says now.
    ScopeSet effective = role.effective(EntityMapper.knownScopes(row.scopes()));
    Caller caller =
        new Caller(
            new Principal.TokenHolder(
                row.tenantId(),
                row.memberId(),
                role,
                row.id(),
                effective,
                Optional.ofNullable(row.projectId())),
            row.plan(),
            row.workspaceId(),
            row.tenantSlug());
    return new TokenRecord(caller, row.expireAt(), row.revokedAt());
  }

  private static CompletableFuture<AuthOutcome> rejected(AuthOutcome.Rejected.Reason reason) {
    return CompletableFuture.completedFuture(new AuthOutcome.Rejected(reason));
  }
}
