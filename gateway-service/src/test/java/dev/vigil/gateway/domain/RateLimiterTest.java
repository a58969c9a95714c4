package dev.vigil.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.kit.errors.ApiFamily;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  /** A settable clock. */
  static final class FakeClock implements InstantSource {
    private final AtomicLong millis;

    FakeClock(Instant start) {
      this.millis = new AtomicLong(start.toEpochMilli());
    }

    void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
      return millis.get();
    }
  }

  private static final Instant START = Instant.parse("2026-01-01T10:00:00.250Z");

  /** A tenant whose windows (of a minute or an hour) start at START's quarter second. */
  private static UUID aligned() {
    return new UUID(UUID.randomUUID().getMostSignificantBits(), 250);
  }

  private static final RateLimitPolicy SMALL =
      new RateLimitPolicy(
          "test",
          Map.of(
              RateResource.CORE, RateLimitPolicy.Limit.perHour(3),
              RateResource.GITGUARDIAN, RateLimitPolicy.Limit.perMinute(2)));

  @Test
  void countsDownThenRefusesUntilReset() {
    FakeClock clock = new FakeClock(START);
    TenantRateLimiter limiter = new TenantRateLimiter(clock);
    UUID token = aligned();

    RateLimitDecision first = limiter.tryAcquire(token, RateResource.CORE, SMALL);
    assertThat(first.allowed()).isTrue();
    assertThat(first.limited()).isTrue();
    assertThat(first.limit()).isEqualTo(3);
    assertThat(first.remaining()).isEqualTo(2);
    assertThat(first.used()).isEqualTo(1);
    assertThat(first.resource()).isEqualTo("core");
    long reset = START.plus(Duration.ofHours(1)).toEpochMilli() / 1000 + 1; // rounded up
    assertThat(first.resetEpochSeconds()).isEqualTo(reset);

    clock.advance(Duration.ofMinutes(10));
    assertThat(limiter.tryAcquire(token, RateResource.CORE, SMALL).remaining()).isEqualTo(1);
    RateLimitDecision third = limiter.tryAcquire(token, RateResource.CORE, SMALL);
    assertThat(third.allowed()).isTrue();
    assertThat(third.remaining()).isZero();
    assertThat(third.used()).isEqualTo(3);
    assertThat(third.resetEpochSeconds()).isEqualTo(reset);

    RateLimitDecision refused = limiter.tryAcquire(token, RateResource.CORE, SMALL);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.used()).isEqualTo(3);
    // 50 minutes (3,000 s) remain, rounded up past the quarter second.
    assertThat(refused.retryAfterSeconds()).isEqualTo(3000);
    assertThat(refused.headers())
        .containsEntry("X-RateLimit-Limit", "3")
        .containsEntry("X-RateLimit-Remaining", "0")
        .containsEntry("X-RateLimit-Used", "3")
        .containsEntry("X-RateLimit-Reset", Long.toString(reset))
        .containsEntry("X-RateLimit-Resource", "core")
        .containsEntry("Retry-After", "3000");

    clock.advance(Duration.ofMinutes(50).minusMillis(1));
    assertThat(limiter.tryAcquire(token, RateResource.CORE, SMALL).allowed()).isFalse();
    clock.advance(Duration.ofMillis(1));
    RateLimitDecision renewed = limiter.tryAcquire(token, RateResource.CORE, SMALL);
    assertThat(renewed.allowed()).isTrue();
    assertThat(renewed.remaining()).isEqualTo(2);
    assertThat(renewed.resetEpochSeconds()).isEqualTo(reset + 3600);
  }

  @Test
  void eachTenantsWindowIsShiftedSoResetsAreSpread() {
    TenantRateLimiter limiter = new TenantRateLimiter(new FakeClock(START));
    UUID early = new UUID(1, 250);
    UUID late = new UUID(2, 30_250);
    long earlyReset =
        limiter.tryAcquire(early, RateResource.GITGUARDIAN, SMALL).resetEpochSeconds();
    long lateReset = limiter.tryAcquire(late, RateResource.GITGUARDIAN, SMALL).resetEpochSeconds();
    assertThat(earlyReset - lateReset).isEqualTo(30);
  }

  @Test
  void tenantsAndResourcesAreCountedApart() {
    TenantRateLimiter limiter = new TenantRateLimiter(new FakeClock(START));
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    for (int i = 0; i < 2; i++) {
      assertThat(limiter.tryAcquire(a, RateResource.GITGUARDIAN, SMALL).allowed()).isTrue();
    }
    assertThat(limiter.tryAcquire(a, RateResource.GITGUARDIAN, SMALL).allowed()).isFalse();
    assertThat(limiter.tryAcquire(b, RateResource.GITGUARDIAN, SMALL).allowed()).isTrue();
    assertThat(limiter.tryAcquire(a, RateResource.CORE, SMALL).allowed()).isTrue();
  }

  @Test
  void resourcesWithoutALimitAndTheUnlimitedPlanAreNotCounted() {
    TenantRateLimiter limiter = new TenantRateLimiter(new FakeClock(START));
    UUID token = UUID.randomUUID();
    RateLimitDecision decision = limiter.tryAcquire(token, RateResource.SIGSENTRY, SMALL);
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.limited()).isFalse();
    assertThat(decision.headers()).isEmpty();
    RateLimitPolicy unlimited = RateLimitPlans.defaults().policyFor("unlimited");
    assertThat(unlimited.isUnlimited()).isTrue();
    assertThat(limiter.tryAcquire(token, RateResource.GITGUARDIAN, unlimited).headers()).isEmpty();
    assertThat(limiter.size()).isZero();
    // GitHub's resources still report headers on the unlimited plan, never refusing.
    for (int i = 0; i < 10_000; i++) {
      assertThat(limiter.tryAcquire(token, RateResource.CORE, unlimited).allowed()).isTrue();
    }
    RateLimitDecision github = limiter.tryAcquire(token, RateResource.CORE, unlimited);
    assertThat(github.headers())
        .containsEntry("X-RateLimit-Limit", "1000000")
        .containsEntry("X-RateLimit-Used", "10001");
    assertThat(limiter.pending()).as("never shared").isEmpty();
  }

  @Test
  void exactlyTheLimitIsAllowedUnderConcurrency() throws Exception {
    TenantRateLimiter limiter = new TenantRateLimiter(new FakeClock(START));
    RateLimitPolicy policy = RateLimitPolicy.of("free", 5_000, 1_000, 300);
    UUID token = UUID.randomUUID();
    int threads = 16;
    int perThread = 1_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  int allowed = 0;
                  for (int i = 0; i < perThread; i++) {
                    if (limiter.tryAcquire(token, RateResource.CORE, policy).allowed()) {
                      allowed++;
                    }
                  }
                  return allowed;
                }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> result : results) {
        total += result.get();
      }
      assertThat(total).isEqualTo(5_000);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentFirstRequestsShareOneWindow() throws Exception {
    // Many tokens, each hit by all threads at once: window creation must not lose counts.
    TenantRateLimiter limiter = new TenantRateLimiter(new FakeClock(START));
    RateLimitPolicy policy =
        new RateLimitPolicy("t", Map.of(RateResource.SCANNER, RateLimitPolicy.Limit.perMinute(5)));
    List<UUID> tokens = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      tokens.add(UUID.randomUUID());
    }
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<int[]>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  int[] allowed = new int[tokens.size()];
                  for (int i = 0; i < tokens.size(); i++) {
                    if (limiter.tryAcquire(tokens.get(i), RateResource.SCANNER, policy).allowed()) {
                      allowed[i]++;
                    }
                  }
                  return allowed;
                }));
      }
      int[] total = new int[tokens.size()];
      for (Future<int[]> result : results) {
        int[] allowed = result.get();
        for (int i = 0; i < total.length; i++) {
          total[i] += allowed[i];
        }
      }
      for (int count : total) {
        assertThat(count).isEqualTo(5);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sustainsHighThroughput() throws Exception {
    TenantRateLimiter limiter = new TenantRateLimiter(InstantSource.system());
    RateLimitPolicy policy = RateLimitPlans.defaults().policyFor("enterprise");
    List<UUID> tokens = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      tokens.add(UUID.randomUUID());
    }
    long start = System.nanoTime();
    for (int i = 0; i < 200_000; i++) {
      limiter.tryAcquire(tokens.get(i % 1_000), RateResource.CORE, policy);
    }
    // 200,000 decisions; 1,000 req/s would allow 200 s. Anything sane takes well under a second.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void purgeDropsEndedWindows() {
    FakeClock clock = new FakeClock(START);
    TenantRateLimiter limiter = new TenantRateLimiter(clock);
    limiter.tryAcquire(aligned(), RateResource.GITGUARDIAN, SMALL);
    limiter.tryAcquire(aligned(), RateResource.CORE, SMALL);
    assertThat(limiter.size()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(1));
    assertThat(limiter.purgeExpired()).isEqualTo(1);
    assertThat(limiter.size()).isEqualTo(1);
    clock.advance(Duration.ofHours(1));
    assertThat(limiter.purgeExpired()).isEqualTo(1);
    assertThat(limiter.size()).isZero();
  }

  @Test
  void clockGoingBackDoesNotResetTheCount() {
    FakeClock clock = new FakeClock(START);
    TenantRateLimiter limiter = new TenantRateLimiter(clock);
    UUID token = aligned();
    limiter.tryAcquire(token, RateResource.GITGUARDIAN, SMALL);
    limiter.tryAcquire(token, RateResource.GITGUARDIAN, SMALL);
    clock.advance(Duration.ofSeconds(-5));
    assertThat(limiter.tryAcquire(token, RateResource.GITGUARDIAN, SMALL).allowed()).isFalse();
  }

  /** Two replicas sharing one store: what one admitted counts in the other after a sync. */
  @Test
  void replicasShareOneBudgetThroughTheStore() {
    FakeClock clock = new FakeClock(START);
    TenantRateLimiter first = new TenantRateLimiter(clock);
    TenantRateLimiter second = new TenantRateLimiter(clock);
    Map<List<Object>, Long> store = new java.util.HashMap<>();
    UUID tenant = aligned();
    assertThat(first.tryAcquire(tenant, RateResource.CORE, SMALL).allowed()).isTrue();
    assertThat(first.tryAcquire(tenant, RateResource.CORE, SMALL).allowed()).isTrue();
    sync(first, store);
    // The second replica has not served the tenant yet: it learns the total with its first sync.
    RateLimitDecision third = second.tryAcquire(tenant, RateResource.CORE, SMALL);
    assertThat(third.allowed()).isTrue();
    sync(second, store);
    assertThat(store).containsValue(3L);
    sync(first, store);
    assertThat(first.tryAcquire(tenant, RateResource.CORE, SMALL).allowed()).isFalse();
    assertThat(second.tryAcquire(tenant, RateResource.CORE, SMALL).allowed()).isFalse();
    // A sync never lowers the estimate below what was counted.
    sync(first, store);
    sync(second, store);
    assertThat(first.tryAcquire(tenant, RateResource.CORE, SMALL).used()).isEqualTo(3);
    assertThat(first.pending()).hasSize(1);
  }

  private static void sync(TenantRateLimiter limiter, Map<List<Object>, Long> store) {
    List<TenantRateLimiter.Delta> sent = limiter.pending();
    List<TenantRateLimiter.Total> totals = new ArrayList<>();
    for (TenantRateLimiter.Delta d : sent) {
      List<Object> key = List.of(d.tenantId(), d.resource(), d.windowStartMillis());
      long total = store.merge(key, d.count(), Long::sum);
      totals.add(
          new TenantRateLimiter.Total(d.tenantId(), d.resource(), d.windowStartMillis(), total));
    }
    for (TenantRateLimiter.Delta d : limiter.watched(10_000)) {
      List<Object> key = List.of(d.tenantId(), d.resource(), d.windowStartMillis());
      totals.add(
          new TenantRateLimiter.Total(
              d.tenantId(), d.resource(), d.windowStartMillis(), store.getOrDefault(key, 0L)));
    }
    limiter.synced(sent, totals);
  }

  @Test
  void plans() {
    RateLimitPlans plans = RateLimitPlans.defaults();
    RateLimitPolicy free = plans.policyFor("free");
    assertThat(free.limitFor(RateResource.CORE)).contains(RateLimitPolicy.Limit.perHour(5_000));
    assertThat(free.limitFor(RateResource.CODE_SCANNING_UPLOAD))
        .contains(RateLimitPolicy.Limit.perHour(1_000));
    assertThat(free.limitFor(RateResource.GITGUARDIAN).orElseThrow().window())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(plans.policyFor("enterprise").limitFor(RateResource.CORE).orElseThrow().requests())
        .isEqualTo(15_000);
    assertThat(plans.policyFor("team").isUnlimited()).isFalse();
    // A misspelt plan falls back to the default, not to unlimited.
    assertThat(plans.policyFor("unlimted")).isEqualTo(free);
    assertThat(plans.policyFor(null)).isEqualTo(free);
    assertThatThrownBy(() -> new RateLimitPlans(Map.of(), "free"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimitPolicy.Limit.perHour(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimitPolicy.Limit(1, Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resourceNames() {
    assertThat(RateResource.CORE.headerValue()).isEqualTo("core");
    assertThat(RateResource.CODE_SCANNING_UPLOAD.headerValue()).isEqualTo("code_scanning_upload");
    assertThat(RateResource.defaultFor(ApiFamily.GITHUB)).isEqualTo(RateResource.CORE);
  }
}
