package dev.vigil.scanning.domain;

import java.util.List;

/** One page of a list endpoint's items and the total across pages (for the Link header). */
public record Listing<T>(List<T> items, long total) {

  public static <T> Listing<T> empty() {
    return new Listing<>(List.of(), 0);
  }
}
