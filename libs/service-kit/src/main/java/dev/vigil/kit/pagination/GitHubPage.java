package dev.vigil.kit.pagination;

import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * GitHub's page-number pagination: {@code page} (from 1) and {@code per_page} (default 30, at most
 * 100 — larger values are capped, as GitHub does), with a {@code Link} header carrying
 * first/prev/next/last.
 */
public record GitHubPage(int page, int perPage) {

  public static final int DEFAULT_PER_PAGE = 30;
  public static final int MAX_PER_PAGE = 100;

  public static GitHubPage of(Integer page, Integer perPage) {
    int size = perPage == null || perPage < 1 ? DEFAULT_PER_PAGE : Math.min(perPage, MAX_PER_PAGE);
    int number = page == null || page < 1 ? 1 : page;
    return new GitHubPage(number, size);
  }

  public long offset() {
    return (long) (page - 1) * perPage;
  }

  /** Last page number for a result of {@code total} items (at least 1). */
  public int lastPage(long total) {
    return (int) Math.max(1, (total + perPage - 1) / perPage);
  }

  /**
   * The {@code Link} header value, or null when everything fits on one page.
   *
   * @param requestUri the request as the client sent it; its other query parameters are kept
   */
  public String linkHeader(URI requestUri, long total) {
    int last = lastPage(total);
    List<String> links = new ArrayList<>();
    if (page < last) {
      links.add(link(requestUri, page + 1, "next"));
      links.add(link(requestUri, last, "last"));
    }
    if (page > 1) {
      links.add(link(requestUri, 1, "first"));
      links.add(link(requestUri, Math.min(page - 1, last), "prev"));
    }
    return links.isEmpty() ? null : String.join(", ", links);
  }

  private String link(URI requestUri, int target, String rel) {
    URI uri =
        UriBuilder.fromUri(requestUri)
            .replaceQueryParam("page", target)
            .replaceQueryParam("per_page", perPage)
            .build();
    return "<" + uri + ">; rel=\"" + rel + "\"";
  }
}
