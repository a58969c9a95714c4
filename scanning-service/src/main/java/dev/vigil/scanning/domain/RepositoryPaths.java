package dev.vigil.scanning.domain;

import java.util.List;
import java.util.Map;

/**
 * Turns a result's {@code artifactLocation} into a repository path, for one run.
 *
 * <ul>
 *   <li>{@code index} without {@code uri} takes the location of {@code run.artifacts[index]}.
 *   <li>A relative {@code uri} with a {@code uriBaseId} is resolved through {@code
 *       originalUriBaseIds} (chains allowed). A base the run does not define, or defines without a
 *       uri ({@code %SRCROOT%}, {@code SRCROOT}, {@code $srcroot} …), stands for the repository
 *       root, so the uri is already repository-relative; a leading slash is dropped.
 *   <li>Absolute URIs (and bare absolute paths such as {@code /src/x/A.java}, read as file paths)
 *       under the source root become relative; others are kept absolute, as GitHub does.
 *   <li>Paths are percent-decoded, use forward slashes and have {@code .}/{@code ..} resolved.
 * </ul>
 */
final class RepositoryPaths {

  /** An artifactLocation's uri and base, as written. */
  record Ref(String uri, String uriBaseId) {}

  private sealed interface Base {}

  private record AbsoluteBase(String uri) implements Base {}

  private record RelativeBase(String prefix) implements Base {}

  private static final int MAX_BASE_DEPTH = 16;

  private final SourceRoot root;
  private final Map<String, Ref> bases;
  private final List<Ref> artifacts;

  RepositoryPaths(SourceRoot root, Map<String, Ref> bases, List<Ref> artifacts) {
    this.root = root;
    this.bases = bases;
    this.artifacts = artifacts;
  }

  /** The artifact's uri and base after the artifact-index lookup. */
  Ref effective(String uri, String uriBaseId, Integer index) {
    if ((uri == null || uri.isEmpty()) && index != null && index >= 0 && index < artifacts.size()) {
      Ref artifact = artifacts.get(index);
      return new Ref(artifact.uri(), uriBaseId != null ? uriBaseId : artifact.uriBaseId());
    }
    return new Ref(uri, uriBaseId);
  }

  /** Repository path, absolute URI when outside the root, or null when there is no uri. */
  String path(Ref ref) {
    String uri = ref.uri();
    if (uri == null || uri.isEmpty()) {
      return null;
    }
    uri = Uris.windowsToUri(uri);
    if (Uris.scheme(uri) != null) {
      return fromAbsolute(uri);
    }
    if (ref.uriBaseId() != null) {
      Base base = base(ref.uriBaseId(), 0);
      String rel = stripLeadingSlashes(uri);
      if (base instanceof AbsoluteBase abs) {
        return fromAbsolute(join(abs.uri(), rel));
      }
      if (base instanceof RelativeBase relBase) {
        return Uris.relativePath(relBase.prefix() + "/" + rel);
      }
      return Uris.relativePath(rel);
    }
    if (uri.startsWith("/")) {
      return fromAbsolute("file://" + uri);
    }
    return Uris.relativePath(uri);
  }

  /**
   * The scheme of the absolute URI this reference resolves to, or null when it resolves to a
   * relative path; used for GitHub's "absolute URIs must use the source root's scheme" rule.
   */
  String absoluteScheme(Ref ref) {
    String uri = ref.uri();
    if (uri == null || uri.isEmpty()) {
      return null;
    }
    uri = Uris.windowsToUri(uri);
    String scheme = Uris.scheme(uri);
    if (scheme != null) {
      return scheme;
    }
    if (ref.uriBaseId() != null && base(ref.uriBaseId(), 0) instanceof AbsoluteBase abs) {
      return Uris.scheme(abs.uri());
    }
    return null;
  }

  private String fromAbsolute(String uri) {
    Uris.Absolute abs = Uris.parseAbsolute(uri);
    if (root != null) {
      String rel = root.relativize(abs);
      if (rel != null) {
        return rel;
      }
    }
    return abs.canonical();
  }

  private Base base(String id, int depth) {
    Ref entry = bases.get(id);
    if (entry == null || entry.uri() == null || entry.uri().isEmpty() || depth > MAX_BASE_DEPTH) {
      return null;
    }
    String uri = Uris.windowsToUri(entry.uri());
    if (Uris.scheme(uri) != null) {
      return new AbsoluteBase(uri);
    }
    if (entry.uriBaseId() != null && !entry.uriBaseId().equals(id)) {
      Base parent = base(entry.uriBaseId(), depth + 1);
      String rel = stripLeadingSlashes(uri);
      if (parent instanceof AbsoluteBase abs) {
        return new AbsoluteBase(join(abs.uri(), rel));
      }
      if (parent instanceof RelativeBase relBase) {
        return new RelativeBase(Uris.relativePath(relBase.prefix() + "/" + rel));
      }
      return new RelativeBase(Uris.relativePath(rel));
    }
    if (uri.startsWith("/")) {
      return new AbsoluteBase("file://" + uri);
    }
    return new RelativeBase(Uris.relativePath(uri));
  }

  private static String join(String base, String rel) {
    return base.endsWith("/") ? base + rel : base + "/" + rel;
  }

  private static String stripLeadingSlashes(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == '/' || s.charAt(i) == '\\')) {
      i++;
    }
    return s.substring(i);
  }
}
