package dev.vigil.gateway.service;

import dev.vigil.gateway.domain.ApiToken;
import java.util.List;

/** One page of tokens and the cursors of its neighbours (null where there is none). */
public record TokenPage(List<ApiToken> items, String nextCursor, String prevCursor, int perPage) {
  public TokenPage {
    items = List.copyOf(items);
  }
}
