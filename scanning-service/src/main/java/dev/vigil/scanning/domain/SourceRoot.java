package dev.vigil.scanning.domain;

/**
 * The directory the analysis ran in, as an absolute URI ({@code checkout_uri} or {@code
 * invocations[].workingDirectory.uri}). Absolute artifact URIs under it become repository-relative
 * paths; GitHub keeps others (e.g. {@code file:///tmp/go-build/tmp.go}) as they are.
 *
 * @param scheme lower-case scheme ({@code file} for bare absolute paths).
 * @param authority host part, or null (file URIs: empty or localhost).
 * @param path decoded, normalised path without a trailing slash ("/" for the filesystem root).
 */
public record SourceRoot(String scheme, String authority, String path) {

  /**
   * Parses {@code file:///github/workspace/}, {@code /github/workspace} or {@code C:\work}; null
   * when the text is not an absolute, hierarchical URI or path.
   */
  public static SourceRoot parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String uri = Uris.windowsToUri(text.trim());
    if (Uris.scheme(uri) == null) {
      if (!uri.startsWith("/")) {
        return null;
      }
      uri = "file://" + uri;
    }
    Uris.Absolute abs = Uris.parseAbsolute(uri);
    if (abs.path() == null) {
      return null;
    }
    return new SourceRoot(abs.scheme(), abs.authority(), abs.path());
  }

  /** The path of {@code uri} relative to this root, or null when it is not under the root. */
  String relativize(Uris.Absolute uri) {
    if (uri.path() == null || !scheme.equals(uri.scheme())) {
      return null;
    }
    if (authority == null
        ? uri.authority() != null
        : !authority.equalsIgnoreCase(uri.authority())) {
      return null;
    }
    if (path.equals("/")) {
      return uri.path().substring(1);
    }
    if (uri.path().equals(path)) {
      return "";
    }
    return uri.path().startsWith(path + "/") ? uri.path().substring(path.length() + 1) : null;
  }
}
