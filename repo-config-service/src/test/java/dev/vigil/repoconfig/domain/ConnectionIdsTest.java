package dev.vigil.repoconfig.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionIdsTest {

  @Test
  void newIdsAreWellFormedAndDistinct() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = ConnectionIds.newId();
      assertThat(id).startsWith("rc_").hasSize(27).matches("rc_[0-9A-Za-z]{24}");
      assertThat(ConnectionIds.isWellFormed(id)).isTrue();
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void usesTheWholeAlphabet() {
    Set<Character> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      for (char c : ConnectionIds.newId().substring(3).toCharArray()) {
        seen.add(c);
      }
    }
    assertThat(seen).hasSize(62);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "rc_",
        "rc_abc",
        "rc_0123456789abcdefghijklm",
        "rc_0123456789abcdefghijklmno",
        "RC_0123456789abcdefghijklmn",
        "rx_0123456789abcdefghijklmn",
        "rc_0123456789abcdefghijkl-n",
        "rc_0123456789abcdefghijklm\u00e9",
        " rc_0123456789abcdefghijklmn",
        "rc_0123456789abcdefghijklmn\n"
      })
  void rejectsMalformedIds(String id) {
    assertThat(ConnectionIds.isWellFormed(id)).isFalse();
  }

  @Test
  void acceptsAWellFormedLiteral() {
    assertThat(ConnectionIds.isWellFormed("rc_0123456789abcdefghijklmn")).isTrue();
  }
}
