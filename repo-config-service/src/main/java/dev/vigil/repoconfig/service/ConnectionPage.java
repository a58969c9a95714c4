package dev.vigil.repoconfig.service;

import java.util.List;

/**
 * One page of a project's connections.
 *
 * @param hasMore whether connections follow the last one of this page
 */
public record ConnectionPage(List<ConnectionState> items, boolean hasMore) {

  public ConnectionPage {
    items = List.copyOf(items);
  }
}
