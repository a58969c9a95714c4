package dev.vigil.repoconfig.api;

import dev.vigil.repoconfig.domain.ConnectionIds;
import dev.vigil.repoconfig.service.ServiceErrors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Opaque keyset cursor of {@code GET /v1/config/repos}: the (createdAt, id) of the last item of a
 * page, base64url-encoded. Stable under concurrent inserts and deletes, unlike page numbers.
 */
record ListCursor(Instant createdAt, String id) {

  private static final String VERSION = "v1";

  String encode() {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
    String raw = VERSION + ":" + micros + ":" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws dev.vigil.kit.errors.ApiException 400 VALIDATION_ERROR for anything this class did not
   *     produce
   */
  static ListCursor decode(String cursor) {
    try {
      if (cursor.length() > 200) {
        throw new IllegalArgumentException("too long");
      }
      String[] parts =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", -1);
      if (parts.length != 3 || !VERSION.equals(parts[0]) || !ConnectionIds.isWellFormed(parts[2])) {
        throw new IllegalArgumentException("malformed");
      }
      return new ListCursor(
          Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS), parts[2]);
    } catch (RuntimeException e) {
      throw ServiceErrors.validation("cursor", "is not a valid cursor");
    }
  }
}
