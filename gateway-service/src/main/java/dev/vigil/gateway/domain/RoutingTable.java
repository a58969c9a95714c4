package dev.vigil.gateway.domain;

import dev.vigil.kit.errors.ApiFamily;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the route for a request. Templates are compiled once into a tree of path segments, so a
 * lookup is one pass over the path plus one hash lookup per segment: no regular expressions, no
 * backtracking beyond trying a literal segment before a variable at the same position (literal
 * wins: {@code /v1/api_tokens/self} before {@code /v1/api_tokens/{token_id}}). Immutable and
 * thread-safe.
 *
 * <p>A family may be served under a second base path as well: every GitGuardian route answers under
 * {@code /exposed} too ({@code /exposed/v1/health}), the base path of a self-hosted GitGuardian,
 * which ggshield uses for any instance other than GitGuardian's SaaS. Such a match carries the
 * canonical path ({@code /v1/health}) to forward.
 */
public final class RoutingTable {

  /** Paths longer than this are refused; no route comes close. */
  public static final int MAX_PATH_LENGTH = 2048;

  /** Segments beyond this are refused; the deepest route has 7. */
  public static final int MAX_SEGMENTS = 32;

  /** Base paths a family's routes answer under besides their own (one literal segment each). */
  private static final Map<ApiFamily, List<String>> ALIAS_PREFIXES =
      Map.of(ApiFamily.GITGUARDIAN, List.of("exposed"));

  private final Node root = new Node();
  private final List<Route> routes;

  public RoutingTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
    for (Route route : this.routes) {
      List<String> template = parseTemplate(route.pathTemplate());
      insert(route, template, false);
      for (String prefix : ALIAS_PREFIXES.getOrDefault(route.family(), List.of())) {
        List<String> aliased = new ArrayList<>(template.size() + 1);
        aliased.add(prefix);
        aliased.addAll(template);
        insert(route, aliased, true);
      }
    }
  }

  /** Every public endpoint Vigil serves (see {@link VigilRoutes}). */
  public static RoutingTable standard() {
    return new RoutingTable(VigilRoutes.all());
  }

  public List<Route> routes() {
    return routes;
  }

  /** The route declared for exactly this method and template, e.g. for tests and docs. */
  public Optional<Route> find(HttpMethod method, String pathTemplate) {
    return routes.stream()
        .filter(r -> r.method() == method && r.pathTemplate().equals(pathTemplate))
        .findFirst();
  }

  /**
   * Looks up a request.
   *
   * @param method the request method as received; an unknown method never matches
   * @param rawPath the raw (still percent-encoded) path; a query string is ignored
   */
  public RouteLookup match(String method, String rawPath) {
    return match(HttpMethod.parse(method).orElse(null), rawPath);
  }

  public RouteLookup match(HttpMethod method, String rawPath) {
    RequestPath.Parsed parsed = RequestPath.parse(rawPath, MAX_PATH_LENGTH, MAX_SEGMENTS);
    if (parsed.rejected()) {
      return new RouteLookup.Rejected(familyForPath(rawPath), parsed.rejection());
    }
    List<String> segments = parsed.segments();
    List<Node> candidates = new ArrayList<>(2);
    collect(root, segments, 0, candidates);
    if (candidates.isEmpty()) {
      return new RouteLookup.NotFound(familyForPath(rawPath));
    }
    for (Node node : candidates) {
      Route route = method == null ? null : node.routeFor(method);
      if (route != null) {
        String path = RequestPath.stripQuery(rawPath);
        return new RouteLookup.Found(
            new RouteMatch(
                route, node.bind(segments), node.alias ? withoutFirstSegment(path) : path));
      }
    }
    Set<HttpMethod> allowed = EnumSet.noneOf(HttpMethod.class);
    for (Node node : candidates) {
      allowed.addAll(node.allowedMethods());
    }
    ApiFamily family = candidates.get(0).routes.values().iterator().next().family();
    return new RouteLookup.MethodNotAllowed(family, allowed);
  }

  // "/exposed/v1/health" -> "/v1/health" (the first segment may have been percent-encoded).
  private static String withoutFirstSegment(String path) {
    int next = path.indexOf('/', 1);
    return next < 0 ? "/" : path.substring(next);
  }

  /**
   * The API family a path belongs to, by prefix, for paths no route matches, so that even a 404 or
   * a refused path gets the error shape its client understands. Unknown root paths are GitHub's:
   * GitHub clients probe the root API ({@code /meta}, {@code /rate_limit}, ...).
   */
  public static ApiFamily familyForPath(String rawPath) {
    if (rawPath == null) {
      return ApiFamily.GITHUB;
    }
    String path = RequestPath.stripQuery(rawPath);
    if (hasPrefix(path, "/vigil")
        || hasPrefix(path, "/v1/push-protection")
        || hasPrefix(path, "/v1/secret-scanning")) {
      return ApiFamily.VIGIL;
    }
    if (hasPrefix(path, "/v1/config")) {
      return ApiFamily.SIGSENTRY;
    }
    if (hasPrefix(path, "/v1/sync_github_repositories")
        || hasPrefix(path, "/v1/upload_git_repo_zipball")
        || hasPrefix(path, "/v1/sync_sources")
        || path.startsWith("/v1/detection_rule")) {
      return ApiFamily.SCANNER;
    }
    if (hasPrefix(path, "/v1") || hasPrefix(path, "/exposed")) {
      return ApiFamily.GITGUARDIAN;
    }
    return ApiFamily.GITHUB;
  }

  // "/v1" matches "/v1" and "/v1/...", not "/v12".
  private static boolean hasPrefix(String path, String prefix) {
    return path.startsWith(prefix)
        && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
  }

  private static void collect(Node node, List<String> segments, int index, List<Node> out) {
    if (index == segments.size()) {
      if (!node.routes.isEmpty()) {
        out.add(node);
      }
      return;
    }
    Node literal = node.literals.get(segments.get(index));
    if (literal != null) {
      collect(literal, segments, index + 1, out);
    }
    if (node.variable != null) {
      collect(node.variable, segments, index + 1, out);
    }
  }

  private void insert(Route route, List<String> template, boolean alias) {
    Node node = root;
    for (String segment : template) {
      if (segment.startsWith("{")) {
        String name = segment.substring(1, segment.length() - 1);
        if (node.variable == null) {
          node.variable = new Node();
          node.variableName = name;
        } else if (!node.variableName.equals(name)) {
          throw new IllegalArgumentException(
              route.pathTemplate()
                  + ": variable {"
                  + name
                  + "} where another route has {"
                  + node.variableName
                  + "}");
        }
        node = node.variable;
      } else {
        node = node.literals.computeIfAbsent(segment, s -> new Node());
      }
    }
    if (node.routes.containsKey(route.method())) {
      throw new IllegalArgumentException(
          "duplicate route " + route.method() + " " + route.pathTemplate());
    }
    if (!node.routes.isEmpty()
        && node.routes.values().iterator().next().family() != route.family()) {
      throw new IllegalArgumentException(route.pathTemplate() + ": one path, two API families");
    }
    node.routes.put(route.method(), route);
    node.template = template;
    node.alias = alias;
  }

  private static List<String> parseTemplate(String template) {
    if (!template.startsWith("/") || template.length() < 2 || template.endsWith("/")) {
      throw new IllegalArgumentException("bad template: " + template);
    }
    List<String> segments = List.of(template.substring(1).split("/", -1));
    for (String segment : segments) {
      if (!(isVariable(segment) || isLiteral(segment))) {
        throw new IllegalArgumentException("bad segment '" + segment + "' in " + template);
      }
    }
    return segments;
  }

  private static boolean isVariable(String segment) {
    if (segment.length() < 3 || !segment.startsWith("{") || !segment.endsWith("}")) {
      return false;
    }
    for (int i = 1; i < segment.length() - 1; i++) {
      char c = segment.charAt(i);
      if (!((c >= 'a' && c <= 'z') || c == '_' || (i > 1 && c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLiteral(String segment) {
    if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
      return false;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      boolean unreserved =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (!unreserved) {
        return false;
      }
    }
    return true;
  }

  private static final class Node {
    private final Map<String, Node> literals = new HashMap<>();
    private Node variable;
    private String variableName;
    private final Map<HttpMethod, Route> routes = new EnumMap<>(HttpMethod.class);
    private List<String> template;
    private boolean alias;

    // HEAD is GET without a body, as every HTTP server does it.
    Route routeFor(HttpMethod method) {
      Route route = routes.get(method);
      if (route == null && method == HttpMethod.HEAD) {
        route = routes.get(HttpMethod.GET);
      }
      return route;
    }

    Set<HttpMethod> allowedMethods() {
      Set<HttpMethod> allowed = EnumSet.copyOf(routes.keySet());
      if (allowed.contains(HttpMethod.GET)) {
        allowed.add(HttpMethod.HEAD);
      }
      return allowed;
    }

    Map<String, String> bind(List<String> segments) {
      Map<String, String> variables = new LinkedHashMap<>();
      for (int i = 0; i < template.size(); i++) {
        String part = template.get(i);
        if (part.startsWith("{")) {
          variables.put(part.substring(1, part.length() - 1), segments.get(i));
        }
      }
      return Collections.unmodifiableMap(variables);
    }
  }

  @Override
  public String toString() {
    return "RoutingTable[" + routes.size() + " routes]";
  }
}
