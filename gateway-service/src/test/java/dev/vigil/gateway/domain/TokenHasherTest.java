package dev.vigil.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TokenHasherTest {

  private static final byte[] PEPPER =
      "pepper-pepper-pepper-pepper-0001".getBytes(StandardCharsets.US_ASCII);

  @Test
  void isHmacSha256InLowerCaseHex() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(PEPPER, "HmacSHA256"));
    String expected =
        HexFormat.of().formatHex(mac.doFinal("vgl_x".getBytes(StandardCharsets.UTF_8)));
    assertThat(new TokenHasher(PEPPER).hash("vgl_x")).isEqualTo(expected).hasSize(64);
  }

  @Test
  void dependsOnThePepper() {
    byte[] other = PEPPER.clone();
    other[0] ^= 1;
    assertThat(new TokenHasher(PEPPER).hash("vgl_x"))
        .isNotEqualTo(new TokenHasher(other).hash("vgl_x"));
  }

  @Test
  void copiesThePepper() {
    byte[] pepper = PEPPER.clone();
    TokenHasher hasher = new TokenHasher(pepper);
    String before = hasher.hash("vgl_x");
    pepper[0] ^= 1;
    assertThat(hasher.hash("vgl_x")).isEqualTo(before);
  }

  @Test
  void rejectsShortPeppers() {
    assertThatThrownBy(() -> new TokenHasher(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenHasher(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void matchesComparesHashes() {
    TokenHasher hasher = new TokenHasher(PEPPER);
    String hash = hasher.hash("vgl_a");
    assertThat(hasher.matches("vgl_a", hash)).isTrue();
    assertThat(hasher.matches("vgl_b", hash)).isFalse();
    assertThat(hasher.matches(null, hash)).isFalse();
    assertThat(hasher.matches("vgl_a", null)).isFalse();
  }

  @Test
  void constantTimeEquals() {
    assertThat(TokenHasher.constantTimeEquals("abc", "abc")).isTrue();
    assertThat(TokenHasher.constantTimeEquals("abc", "abd")).isFalse();
    assertThat(TokenHasher.constantTimeEquals("abc", "abcd")).isFalse();
    assertThat(TokenHasher.constantTimeEquals(null, "abc")).isFalse();
    assertThat(TokenHasher.constantTimeEquals(null, null)).isFalse();
  }

  @Test
  void isThreadSafe() throws Exception {
    TokenHasher hasher = new TokenHasher(PEPPER);
    String expected = hasher.hash("vgl_concurrent");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results =
          pool.invokeAll(
              java.util.Collections.nCopies(
                  64,
                  () -> {
                    for (int i = 0; i < 500; i++) {
                      if (!hasher.hash("vgl_concurrent").equals(expected)) {
                        return false;
                      }
                    }
                    return true;
                  }));
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void toStringHidesThePepper() {
    assertThat(new TokenHasher(PEPPER).toString()).doesNotContain("pepper");
  }
}
