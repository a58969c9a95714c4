package dev.vigil.scanning.api;

import dev.vigil.kit.pagination.GitHubPage;
import dev.vigil.scanning.domain.Listing;
import dev.vigil.scanning.service.Refs;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Query parameters read as GitHub reads them. */
final class Params {

  private Params() {}

  /** page / per_page: GitHub ignores values that are not positive numbers. */
  static GitHubPage page(String page, String perPage) {
    return GitHubPage.of(lenient(page), lenient(perPage));
  }

  static Integer integer(String field, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw Refs.invalid(field, field + " must be an integer");
    }
  }

  static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** A 200 JSON answer of one page, with the Link header when there is more than one page. */
  static Response paged(Listing<?> listing, GitHubPage paging, UriInfo request) {
    Response.ResponseBuilder ok =
        Response.ok(listing.items()).type(MediaType.APPLICATION_JSON_TYPE);
    String link = paging.linkHeader(request.getRequestUri(), listing.total());
    if (link != null) {
      ok.header("Link", link);
    }
    return ok.build();
  }

  /** A 200 JSON answer. */
  static Response json(Object entity) {
    return Response.ok(entity).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static Integer lenient(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
