package dev.vigil.kit.pagination;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.kit.errors.ApiException;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * GitGuardian's cursor pagination: an opaque {@code cursor} and {@code per_page} (default 20, 1 to
 * 100), with {@code Link} rel="next"/"prev" only where such a page exists. The cursor encodes the
 * keyset position (sort value and id of the boundary row) and its direction.
 *
 * @param position the decoded cursor, empty on the first page
 */
public record CursorPage(Map<String, String> position, int perPage) {

  public static final int DEFAULT_PER_PAGE = 20;
  public static final int MAX_PER_PAGE = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  public static CursorPage of(String cursor, Integer perPage) {
    if (perPage != null && (perPage < 1 || perPage > MAX_PER_PAGE)) {
      throw ApiException.badRequest("per_page must be between 1 and " + MAX_PER_PAGE + ".");
    }
    return new CursorPage(
        cursor == null || cursor.isEmpty() ? Map.of() : decode(cursor),
        perPage == null ? DEFAULT_PER_PAGE : perPage);
  }

  public boolean isFirst() {
    return position.isEmpty();
  }

  public static String encode(Map<String, String> position) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(JSON.writeValueAsBytes(position));
    } catch (Exception e) {
      throw new IllegalStateException("cursor encoding failed", e);
    }
  }

  static Map<String, String> decode(String cursor) {
    try {
      if (cursor.length() > 1024) {
        throw new IllegalArgumentException("too long");
      }
      return Map.copyOf(
          JSON.readValue(
              Base64.getUrlDecoder().decode(cursor), new TypeReference<Map<String, String>>() {}));
    } catch (Exception e) {
      throw ApiException.badRequest("Invalid cursor.");
    }
  }

  /** {@code Link} header value for the given neighbour cursors (either may be null), or null. */
  public String linkHeader(URI requestUri, String nextCursor, String prevCursor) {
    List<String> links = new ArrayList<>();
    if (nextCursor != null) {
      links.add(link(requestUri, nextCursor, "next"));
    }
    if (prevCursor != null) {
      links.add(link(requestUri, prevCursor, "prev"));
    }
    return links.isEmpty() ? null : String.join(",", links);
  }

  private String link(URI requestUri, String cursor, String rel) {
    URI uri =
        UriBuilder.fromUri(requestUri)
            .replaceQueryParam("cursor", cursor)
            .replaceQueryParam("per_page", perPage)
            .build();
    return "<" + uri + ">; rel=\"" + rel + "\"";
  }
}
