package dev.vigil.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantSlugTest {

  @ParameterizedTest
  @ValueSource(strings = {"acme", "a", "acme-corp", "a1-b2-c3", "0ctocat", "x-1"})
  void valid(String slug) {
    assertThat(TenantSlug.isValid(slug)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "-acme", "acme-", "ac--me", "Acme", "ac_me", "ac.me", "ac me", "acmé"})
  void invalid(String slug) {
    assertThat(TenantSlug.isValid(slug)).isFalse();
  }

  @Test
  void lengthCap() {
    assertThat(TenantSlug.isValid("a".repeat(60))).isTrue();
    assertThat(TenantSlug.isValid("a".repeat(61))).isFalse();
    assertThat(TenantSlug.isValid(null)).isFalse();
  }

  @Test
  void normalizeLowerCases() {
    assertThat(TenantSlug.normalize("ACME-Corp")).contains("acme-corp");
    assertThat(TenantSlug.normalize("acme--corp")).isEmpty();
    assertThat(TenantSlug.normalize(null)).isEmpty();
  }
}
