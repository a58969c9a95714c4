package dev.vigil.repoconfig.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Without usable key-encryption keys the service must not start; errors never show key bytes. */
class DomainProducersTest {

  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @Test
  void noKeysIsAStartupFailureNamingTheSettings() {
    assertThatThrownBy(() -> DomainProducers.keyRingFrom(config(Optional.empty(), Map.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("VIGIL_REPO_CONFIG_KEK_KEYS_")
        .hasMessageContaining("VIGIL_REPO_CONFIG_KEK_ACTIVE");
  }

  @Test
  void keysWithoutAnActiveOneFail() {
    assertThatThrownBy(
            () -> DomainProducers.keyRingFrom(config(Optional.empty(), Map.of("k1", KEY))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("VIGIL_REPO_CONFIG_KEK_ACTIVE");
    assertThatThrownBy(
            () -> DomainProducers.keyRingFrom(config(Optional.of("k9"), Map.of("k1", KEY))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("active key id is not in the key ring");
  }

  @Test
  void malformedKeysFailWithoutQuotingThem() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(
            () -> DomainProducers.keyRingFrom(config(Optional.of("k1"), Map.of("k1", shortKey))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(
            () ->
                DomainProducers.keyRingFrom(config(Optional.of("k1"), Map.of("k1", "not*base64"))))
        .hasMessageNotContaining("not*base64");
  }

  @Test
  void aValidRingNamesItsActiveKey() {
    assertThat(
            DomainProducers.keyRingFrom(config(Optional.of("k2"), Map.of("k1", KEY, "k2", KEY)))
                .activeKeyId())
        .isEqualTo("k2");
  }

  private static KekConfig config(Optional<String> active, Map<String, String> keys) {
    return new KekConfig() {
      @Override
      public Optional<String> active() {
        return active;
      }

      @Override
      public Map<String, String> keys() {
        return keys;
      }

      @Override
      public boolean rewrapOnStartup() {
        return false;
      }

      @Override
      public int rewrapBatchSize() {
        return 100;
      }

      @Override
      public String rewrapEvery() {
        return "10m";
      }
    };
  }
}
