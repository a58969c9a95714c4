package dev.vigil.scanning.api;

import dev.vigil.kit.pagination.GitHubPage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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

  /** A 200 JSON answer with the Link header when there is more than one page. */
  static Response paged(Response.ResponseBuilder ok, String link) {
    ok.type(MediaType.APPLICATION_JSON_TYPE);
    if (link != null) {
      ok.header("Link", link);
    }
    return ok.build();
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
