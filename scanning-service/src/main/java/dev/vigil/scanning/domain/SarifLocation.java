package dev.vigil.scanning.domain;

/**
 * A physical location of a result.
 *
 * @param path repository-relative path ({@code src/main.c}); an absolute URI when the artifact lies
 *     outside the source root (GitHub keeps those as they are); null when the location has no
 *     artifact (e.g. only logical locations).
 * @param uri the {@code artifactLocation.uri} as written in the SARIF (after artifact-index
 *     lookup), or null.
 * @param region the region, never null.
 * @param message {@code location.message.text}, or null.
 */
public record SarifLocation(String path, String uri, SarifRegion region, String message) {

  /** Defaults a missing region. */
  public SarifLocation {
    path = SarifStrings.path("location path", path);
    uri = SarifStrings.path("location uri", uri);
    message = SarifStrings.text(message);
    region = region == null ? SarifRegion.EMPTY : region;
  }
}
