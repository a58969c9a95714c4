package dev.vigil.repoconfig.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyRingTest {

  private static String randomKey(int bytes) {
    byte[] key = new byte[bytes];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  @Test
  void buildsFromBase64() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("2024-01", randomKey(32));
    keys.put("2025-06", randomKey(32));
    KeyRing ring = KeyRing.fromBase64(keys, "2025-06");
    assertThat(ring.activeKeyId()).isEqualTo("2025-06");
    assertThat(ring.keyIds()).containsExactly("2024-01", "2025-06");
    assertThat(ring.contains("2024-01")).isTrue();
    assertThat(ring.contains("nope")).isFalse();
    assertThat(ring.contains(null)).isFalse();
  }

  @Test
  void rejectsKeysThatAreNot32Bytes() {
    for (int length : new int[] {0, 16, 24, 31, 33, 64}) {
      String encoded = randomKey(length);
      assertThatThrownBy(() -> KeyRing.fromBase64(Map.of("k1", encoded), "k1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("key 'k1' must be exactly 32 bytes (AES-256)")
          .hasMessageNotContaining(encoded.isEmpty() ? "\u0000" : encoded);
    }
  }

  @Test
  void rejectsInvalidBase64WithoutEchoingIt() {
    String bad = "not*base64!SECRETISH";
    assertThatThrownBy(() -> KeyRing.fromBase64(Map.of("k1", bad), "k1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'k1' is not valid base64")
        .hasNoCause();
  }

  @Test
  void rejectsMissingActiveKeyAndEmptyRing() {
    assertThatThrownBy(() -> KeyRing.fromBase64(Map.of("k1", randomKey(32)), "k2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("active key id is not in the key ring");
    assertThatThrownBy(() -> KeyRing.fromBase64(Map.of(), "k1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyRing.fromBase64(Map.of("k1", randomKey(32)), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsMalformedKeyIds() {
    assertThatThrownBy(() -> KeyRing.fromBase64(Map.of("has space", randomKey(32)), "has space"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyRing.fromBase64(Map.of("k".repeat(65), randomKey(32)), "k"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringShowsIdsOnly() {
    String key = randomKey(32);
    KeyRing ring = KeyRing.fromBase64(Map.of("k1", key), "k1");
    assertThat(ring.toString()).isEqualTo("KeyRing[active=k1, keyIds=[k1]]").doesNotContain(key);
  }

  @Test
  void unknownKeyIdIsADomainError() {
    KeyRing ring = KeyRing.fromBase64(Map.of("k1", randomKey(32)), "k1");
    assertThatThrownBy(() -> ring.key("k9"))
        .isInstanceOfSatisfying(
            CredentialCryptoException.class,
            e -> assertThat(e.reason()).isEqualTo(CredentialCryptoException.Reason.UNKNOWN_KEY))
        .hasMessage("unknown key-encryption key id 'k9'");
  }
}
