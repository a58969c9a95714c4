package dev.vigil.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthorizationHeaderTest {

  @Test
  void acceptsEachFamilysScheme() {
    assertThat(AuthorizationHeader.credential("Bearer vgl_abc")).contains("vgl_abc");
    assertThat(AuthorizationHeader.credential("token vgl_abc")).contains("vgl_abc");
    assertThat(AuthorizationHeader.credential("Token vgl_abc")).contains("vgl_abc");
    assertThat(AuthorizationHeader.credential("bearer vgl_abc")).contains("vgl_abc");
    assertThat(AuthorizationHeader.credential("  Bearer   vgl_abc  ")).contains("vgl_abc");
  }

  @Test
  void rejectsOtherSchemesAndJunk() {
    assertThat(AuthorizationHeader.credential(null)).isEmpty();
    assertThat(AuthorizationHeader.credential("")).isEmpty();
    assertThat(AuthorizationHeader.credential("vgl_abc")).isEmpty();
    assertThat(AuthorizationHeader.credential("Basic dXNlcjpwYXNz")).isEmpty();
    assertThat(AuthorizationHeader.credential("Bearer ")).isEmpty();
    assertThat(AuthorizationHeader.credential("Bearer a b")).isEmpty();
    assertThat(AuthorizationHeader.credential("Bearer " + "a".repeat(2000))).isEmpty();
  }
}
