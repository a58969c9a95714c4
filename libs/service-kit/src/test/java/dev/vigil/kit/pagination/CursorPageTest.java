package dev.vigil.kit.pagination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.kit.errors.ApiException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CursorPageTest {

  @Test
  void cursorRoundTripsAndIsOpaque() {
    String cursor = CursorPage.encode(Map.of("created_at", "2026-11-23T10:00:00Z", "id", "42"));
    assertThat(cursor).doesNotContain("created_at");
    assertThat(CursorPage.of(cursor, 50).position()).containsEntry("id", "42");
    assertThat(CursorPage.of(null, null).perPage()).isEqualTo(20);
  }

  @Test
  void tamperedCursorAndOutOfRangePerPageAreBadRequests() {
    assertThatThrownBy(() -> CursorPage.of("%%%not-base64", null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> CursorPage.of(null, 101)).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> CursorPage.of(null, 0)).isInstanceOf(ApiException.class);
  }

  @Test
  void linkHeaderHasOnlyTheNeighboursThatExist() {
    URI request = URI.create("https://vigil.example/v1/api_tokens?status=active");
    CursorPage page = CursorPage.of(null, 20);
    assertThat(page.linkHeader(request, "abc", null))
        .isEqualTo(
            "<https://vigil.example/v1/api_tokens?status=active&cursor=abc&per_page=20>; rel=\"next\"");
    assertThat(page.linkHeader(request, null, null)).isNull();
  }
}
