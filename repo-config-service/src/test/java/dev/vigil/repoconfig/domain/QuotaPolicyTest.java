package dev.vigil.repoconfig.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class QuotaPolicyTest {

  @Test
  void defaultLimits() {
    QuotaPolicy policy = new QuotaPolicy();
    assertThat(policy.limitFor("free")).isEqualTo(OptionalInt.of(5));
    assertThat(policy.limitFor("team")).isEqualTo(OptionalInt.of(50));
    assertThat(policy.limitFor("enterprise")).isEmpty();
    assertThat(policy.limitFor("unlimited")).isEmpty();
  }

  @Test
  void planNamesAreCaseInsensitive() {
    assertThat(new QuotaPolicy().limitFor(" Team ")).isEqualTo(OptionalInt.of(50));
  }

  @Test
  void unknownOrMissingPlanFallsBackToFree() {
    QuotaPolicy policy = new QuotaPolicy();
    assertThat(policy.limitFor("platinum")).isEqualTo(OptionalInt.of(5));
    assertThat(policy.limitFor(null)).isEqualTo(OptionalInt.of(5));
  }

  @Test
  void configurationOverridesAndAddsPlans() {
    Map<String, Integer> overrides = new HashMap<>();
    overrides.put("FREE", 2);
    overrides.put("enterprise", 500);
    overrides.put("startup", 20);
    overrides.put("team", -1);
    overrides.put("partner", null);
    QuotaPolicy policy = new QuotaPolicy(overrides);
    assertThat(policy.limitFor("free")).isEqualTo(OptionalInt.of(2));
    assertThat(policy.limitFor("enterprise")).isEqualTo(OptionalInt.of(500));
    assertThat(policy.limitFor("startup")).isEqualTo(OptionalInt.of(20));
    assertThat(policy.limitFor("team")).isEmpty();
    assertThat(policy.limitFor("partner")).isEmpty();
    assertThat(policy.limitFor("unlimited")).isEmpty();
  }

  @Test
  void zeroLimitIsALimit() {
    assertThat(new QuotaPolicy(Map.of("free", 0)).limitFor("free")).isEqualTo(OptionalInt.of(0));
  }

  @Test
  void rejectsBlankPlanNames() {
    assertThatThrownBy(() -> new QuotaPolicy(Map.of(" ", 3)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void allowsCountsUpToTheLimit() {
    QuotaPolicy policy = new QuotaPolicy();
    assertThat(policy.allows("free", 0, 5)).isTrue();
    assertThat(policy.allows("free", 4, 1)).isTrue();
    assertThat(policy.allows("free", 4, 2)).isFalse();
    assertThat(policy.allows("free", 5, 0)).isTrue();
    assertThat(policy.allows("team", 49, 2)).isFalse();
    assertThat(policy.allows("enterprise", Integer.MAX_VALUE, Integer.MAX_VALUE)).isTrue();
    assertThat(
            new QuotaPolicy(Map.of("free", Integer.MAX_VALUE)).allows("free", Integer.MAX_VALUE, 1))
        .isFalse();
    assertThatThrownBy(() -> policy.allows("free", -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
