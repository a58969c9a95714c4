package dev.vigil.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.gateway.domain.Access;
import dev.vigil.gateway.domain.Backend;
import dev.vigil.gateway.domain.Route;
import dev.vigil.kit.errors.ApiFamily;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges the services' own OpenAPI documents into the one document of Vigil's public API, with the
 * routing table as the authority on what is public:
 *
 * <ul>
 *   <li>an operation is kept only when the routing table routes its method and path (variable names
 *       may differ) to the service that documented it; everything else ({@code /internal/...}, a
 *       backend's {@code /q/...}, endpoints not routed yet) is dropped, and so are the components
 *       only those reached;
 *   <li>a routed operation its service does not document gets a minimal entry, so the document
 *       lists every public endpoint of every service that answered;
 *   <li>components keep their names unless two services define one name differently: then each
 *       definition becomes {@code <service-name>.<name>} and that service's {@code $ref}s follow;
 *   <li>each operation gets the routing table's operation id, its API family as tag, {@code
 *       x-vigil-access}, {@code x-vigil-scope}, {@code x-vigil-backend} and a security requirement
 *       naming the three accepted {@code Authorization} schemes (backends' own schemes, which
 *       describe the internal JWT, are dropped);
 *   <li>each operation documents its errors in its family's shape ({@link FamilyErrors}).
 * </ul>
 *
 * Pure and deterministic: the same inputs give the same document, whatever order they come in.
 */
public final class OpenApiMerger {

  /** The security schemes of the public API: one per accepted {@code Authorization} scheme. */
  public static final String BEARER = "BearerToken";

  public static final String GITHUB_TOKEN = "GitHubToken";
  public static final String GITGUARDIAN_TOKEN = "GitGuardianToken";

  public static final String MISSING_SERVICES = "x-vigil-missing-services";
  public static final String SCOPE = "x-vigil-scope";
  public static final String ACCESS = "x-vigil-access";
  public static final String BACKEND = "x-vigil-backend";
  public static final String UNDOCUMENTED = "x-vigil-undocumented";

  private static final List<String> COMPONENT_TYPES =
      List.of(
          "schemas",
          "responses",
          "parameters",
          "examples",
          "requestBodies",
          "headers",
          "securitySchemes",
          "links",
          "callbacks",
          "pathItems");

  private static final List<String> OPERATION_KEYS =
      List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private static final String COMPONENTS_REF = "#/components/";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** One service's own document. */
  public record Source(Backend backend, JsonNode document) {
    public Source {
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(document, "document");
    }
  }

  /** What the merged document says about itself. */
  public record Info(String title, String version, String description) {}

  private final List<Route> routes;

  public OpenApiMerger(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  /**
   * @param sources the documents that could be fetched, at most one per backend
   * @param missing the services whose document could not be fetched; their routes are left out
   */
  public ObjectNode merge(List<Source> sources, Set<Backend> missing, Info info) {
    Map<Backend, JsonNode> documents = new EnumMap<>(Backend.class);
    for (Source source : sources) {
      documents.put(source.backend(), source.document());
    }
    boolean openApi31 =
        documents.values().stream()
            .map(d -> d.path("openapi").asText(""))
            .allMatch(v -> v.isEmpty() || v.startsWith("3.1"));

    Map<Backend, Map<String, String>> renames = componentNames(documents);

    // Paths, in routing-table order; operations of one path in the path item's order.
    Map<String, ObjectNode> paths = new LinkedHashMap<>();
    Map<String, String> pathKeys = new HashMap<>(); // normalized -> the key used
    Map<Route, ObjectNode> documented = new HashMap<>();
    for (Map.Entry<Backend, JsonNode> entry : documents.entrySet()) {
      collectOperations(entry.getKey(), entry.getValue(), renames.get(entry.getKey()), documented);
    }
    for (Route route : routes) {
      if (!documents.containsKey(route.backend())) {
        continue;
      }
      ObjectNode operation = documented.get(route);
      String key;
      if (operation == null) {
        operation = undocumented(route);
        key = route.pathTemplate();
      } else {
        key = operation.remove("x-vigil-path").asText();
      }
      // One entry per path, named as first seen, even if services spell a variable differently.
      String existing = pathKeys.putIfAbsent(normalize(key), key);
      if (existing != null) {
        key = existing;
      }
      ObjectNode item = paths.computeIfAbsent(key, k -> JSON.objectNode());
      JsonNode pathParameters = operation.remove("x-vigil-path-parameters");
      if (pathParameters != null && !item.has("parameters")) {
        item.set("parameters", pathParameters);
      }
      decorate(operation, route, openApi31);
      item.set(route.method().name().toLowerCase(Locale.ROOT), operation);
    }

    ObjectNode document = JSON.objectNode();
    document.put("openapi", openApi31 ? "3.1.0" : "3.0.3");
    ObjectNode infoNode = document.putObject("info");
    infoNode.put("title", info.title());
    infoNode.put("version", info.version());
    if (info.description() != null) {
      infoNode.put("description", info.description());
    }
    if (!missing.isEmpty()) {
      ArrayNode names = document.putArray(MISSING_SERVICES);
      missing.stream().sorted().forEach(b -> names.add(b.serviceName()));
    }
    ArrayNode tags = document.putArray("tags");
    Set<ApiFamily> families = new LinkedHashSet<>();
    for (Route route : routes) {
      if (documents.containsKey(route.backend())) {
        families.add(route.family());
      }
    }
    for (ApiFamily family : families) {
      tags.addObject().put("name", tag(family)).put("description", tagDescription(family));
    }
    ObjectNode pathsNode = document.putObject("paths");
    paths.forEach(pathsNode::set);
    ObjectNode components = components(documents, renames, pathsNode);
    JsonNode schemas = components.get("schemas");
    FamilyErrors.addSchemas(
        schemas instanceof ObjectNode object ? object : components.putObject("schemas"), families);
    document.set("components", components);
    return document;
  }

  // --- operations -------------------------------------------------------------------------------

  private void collectOperations(
      Backend backend, JsonNode document, Map<String, String> renames, Map<Route, ObjectNode> out) {
    Map<String, Route> routed = new HashMap<>();
    for (Route route : routes) {
      if (route.backend() == backend) {
        routed.put(route.method().name() + " " + normalize(route.pathTemplate()), route);
      }
    }
    JsonNode paths = document.path("paths");
    Iterator<Map.Entry<String, JsonNode>> fields = paths.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> path = fields.next();
      String template = path.getKey();
      if (!path.getValue().isObject() || isNeverPublic(template)) {
        continue;
      }
      String normalized = normalize(template);
      JsonNode pathParameters = path.getValue().get("parameters");
      for (String method : OPERATION_KEYS) {
        JsonNode operation = path.getValue().get(method);
        Route route = routed.get(method.toUpperCase(Locale.ROOT) + " " + normalized);
        if (operation == null || !operation.isObject() || route == null || out.containsKey(route)) {
          continue;
        }
        ObjectNode copy = operation.deepCopy();
        rewriteRefs(copy, renames);
        copy.put("x-vigil-path", template);
        if (pathParameters != null && pathParameters.isArray()) {
          JsonNode parameters = pathParameters.deepCopy();
          rewriteRefs(parameters, renames);
          copy.set("x-vigil-path-parameters", parameters);
        }
        out.put(route, copy);
      }
    }
  }

  /** {@code /internal/...} and a backend's {@code /q/...} never reach the public document. */
  private static boolean isNeverPublic(String template) {
    return template.equals("/q")
        || template.startsWith("/q/")
        || template.equals("/internal")
        || template.startsWith("/internal/");
  }

  /** {@code /a/{x}/b} and {@code /a/{y}/b} are one path; so are trailing-slash variants. */
  static String normalize(String template) {
    StringBuilder out = new StringBuilder();
    for (String segment : template.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      out.append('/').append(segment.startsWith("{") && segment.endsWith("}") ? "{}" : segment);
    }
    return out.isEmpty() ? "/" : out.toString();
  }

  private static ObjectNode undocumented(Route route) {
    ObjectNode operation = JSON.objectNode();
    operation.put("summary", route.operationId());
    operation.put(
        "description",
        "Served by " + route.backend().serviceName() + ", which does not document it yet.");
    ArrayNode parameters = JSON.arrayNode();
    for (String segment : route.pathTemplate().split("/")) {
      if (segment.startsWith("{") && segment.endsWith("}")) {
        ObjectNode parameter = parameters.addObject();
        parameter.put("name", segment.substring(1, segment.length() - 1));
        parameter.put("in", "path");
        parameter.put("required", true);
        parameter.putObject("schema").put("type", "string");
      }
    }
    if (!parameters.isEmpty()) {
      operation.set("parameters", parameters);
    }
    operation.putObject("responses").putObject("default").put("description", "The response.");
    operation.put(UNDOCUMENTED, true);
    return operation;
  }

  private static void decorate(ObjectNode operation, Route route, boolean openApi31) {
    operation.put("operationId", route.operationId());
    operation.putArray("tags").add(tag(route.family()));
    String scope = route.requiredScope().map(s -> s.value()).orElse(null);
    String access =
        switch (route.access()) {
          case Access.RequiresScope ignored -> "scope";
          case Access.Authenticated ignored -> "authenticated";
          case Access.OperatorOnly ignored -> "operator";
        };
    operation.put(ACCESS, access);
    if (scope != null) {
      operation.put(SCOPE, scope);
    }
    operation.put(BACKEND, route.backend().serviceName());
    if (route.projectScoped()) {
      operation.put("x-vigil-project-scoped", true);
    }
    String requirement =
        switch (access) {
          case "scope" -> "Requires an API token with scope `" + scope + "`.";
          case "operator" -> "Requires the bootstrap operator's token.";
          default -> "Requires any valid API token.";
        };
    if (route.projectScoped()) {
      requirement +=
          " Acts on one project: the token's own, or the `X-Project-Id` header's for a"
              + " tenant-wide token.";
    }
    String description = operation.path("description").asText("");
    operation.put(
        "description", description.isBlank() ? requirement : description + "\n\n" + requirement);
    ArrayNode security = operation.putArray("security");
    for (String scheme : List.of(BEARER, GITHUB_TOKEN, GITGUARDIAN_TOKEN)) {
      ArrayNode scopes = security.addObject().putArray(scheme);
      if (scope != null && openApi31) {
        scopes.add(scope);
      }
    }
    operation.remove("servers");
    FamilyErrors.document(operation, route.family());
  }

  private static String tag(ApiFamily family) {
    return switch (family) {
      case GITHUB -> "GitHub";
      case GITGUARDIAN -> "GitGuardian";
      case SIGSENTRY -> "SigSentry";
      case SCANNER -> "Scanner.dev";
      case VIGIL -> "Vigil administration";
    };
  }

  private static String tagDescription(ApiFamily family) {
    return switch (family) {
      case GITHUB ->
          "GitHub REST API compatible: code scanning, secret-scanning pattern configurations."
              + " Errors: {\"message\",\"documentation_url\"}.";
      case GITGUARDIAN ->
          "GitGuardian API v1 compatible: health, API tokens, secret incidents, scans."
              + " Errors: {\"detail\"}.";
      case SIGSENTRY ->
          "SigSentry compatible: repository connections."
              + " Errors: {\"success\":false,\"error\":{\"code\",\"message\"}}.";
      case SCANNER -> "Scanner.dev compatible: detection rules as code. Errors: {\"error\"}.";
      case VIGIL ->
          "Vigil's own administration: tenants, service clients, projects, members."
              + " Errors: {\"error\":{\"code\",\"message\"}}.";
    };
  }

  // --- components -------------------------------------------------------------------------------

  private record ComponentKey(String type, String name) {}

  /**
   * The name each service's components get in the merged document: their own, unless another
   * service defines the same name differently (or refers, through it, to such a name).
   */
  private static Map<Backend, Map<String, String>> componentNames(
      Map<Backend, JsonNode> documents) {
    Map<ComponentKey, Map<Backend, JsonNode>> definitions = new LinkedHashMap<>();
    documents.forEach(
        (backend, document) ->
            forEachComponent(
                document,
                (key, definition) ->
                    definitions
                        .computeIfAbsent(key, k -> new EnumMap<>(Backend.class))
                        .put(backend, definition)));
    Set<ComponentKey> clashing = new HashSet<>();
    definitions.forEach(
        (key, byBackend) -> {
          if (byBackend.size() > 1 && byBackend.values().stream().distinct().count() > 1) {
            clashing.add(key);
          }
        });
    // Identical definitions that refer to a clashing name differ after all: fixpoint.
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<ComponentKey, Map<Backend, JsonNode>> entry : definitions.entrySet()) {
        if (entry.getValue().size() < 2 || clashing.contains(entry.getKey())) {
          continue;
        }
        JsonNode any = entry.getValue().values().iterator().next();
        if (refs(any).stream().anyMatch(clashing::contains)) {
          clashing.add(entry.getKey());
          changed = true;
        }
      }
    }
    Map<Backend, Map<String, String>> renames = new EnumMap<>(Backend.class);
    for (Backend backend : documents.keySet()) {
      renames.put(backend, new HashMap<>());
    }
    definitions.forEach(
        (key, byBackend) -> {
          for (Backend backend : byBackend.keySet()) {
            String name =
                clashing.contains(key) ? backend.serviceName() + "." + key.name() : key.name();
            renames.get(backend).put(key.type() + "/" + key.name(), name);
          }
        });
    return renames;
  }

  private static ObjectNode components(
      Map<Backend, JsonNode> documents, Map<Backend, Map<String, String>> renames, JsonNode paths) {
    Map<ComponentKey, JsonNode> all = new HashMap<>();
    documents.forEach(
        (backend, document) ->
            forEachComponent(
                document,
                (key, definition) -> {
                  if (key.type().equals("securitySchemes")) {
                    return; // the backends' internal JWT; the public schemes are added below
                  }
                  JsonNode copy = definition.deepCopy();
                  rewriteRefs(copy, renames.get(backend));
                  String name = renames.get(backend).get(key.type() + "/" + key.name());
                  all.putIfAbsent(new ComponentKey(key.type(), name), copy);
                }));
    // Only what the public operations reach, transitively: an internal endpoint's schemas stay out.
    Set<ComponentKey> reached = new HashSet<>();
    Deque<ComponentKey> pending = new ArrayDeque<>(refs(paths));
    while (!pending.isEmpty()) {
      ComponentKey key = pending.pop();
      JsonNode definition = all.get(key);
      if (definition != null && reached.add(key)) {
        pending.addAll(refs(definition));
      }
    }
    Map<String, TreeMap<String, JsonNode>> byType = new LinkedHashMap<>();
    for (String type : COMPONENT_TYPES) {
      byType.put(type, new TreeMap<>());
    }
    for (ComponentKey key : reached) {
      byType.get(key.type()).put(key.name(), all.get(key));
    }
    ObjectNode components = JSON.objectNode();
    byType.forEach(
        (type, definitions) -> {
          if (!definitions.isEmpty()) {
            ObjectNode node = components.putObject(type);
            definitions.forEach(node::set);
          }
        });
    ObjectNode schemes = components.putObject("securitySchemes");
    schemes
        .putObject(BEARER)
        .put("type", "http")
        .put("scheme", "bearer")
        .put("description", "A Vigil API token (`vgl_…`) sent as `Authorization: Bearer <token>`.");
    schemes
        .putObject(GITHUB_TOKEN)
        .put("type", "apiKey")
        .put("in", "header")
        .put("name", "Authorization")
        .put(
            "description",
            "GitHub style, `Authorization: token <token>`: enter the whole value, `token vgl_…`.");
    schemes
        .putObject(GITGUARDIAN_TOKEN)
        .put("type", "apiKey")
        .put("in", "header")
        .put("name", "Authorization")
        .put(
            "description",
            "GitGuardian style, `Authorization: Token <token>`: enter the whole value,"
                + " `Token vgl_…`.");
    return components;
  }

  private interface ComponentVisitor {
    void visit(ComponentKey key, JsonNode definition);
  }

  private static void forEachComponent(JsonNode document, ComponentVisitor visitor) {
    JsonNode components = document.path("components");
    for (String type : COMPONENT_TYPES) {
      JsonNode ofType = components.path(type);
      Iterator<Map.Entry<String, JsonNode>> fields = ofType.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        visitor.visit(new ComponentKey(type, field.getKey()), field.getValue());
      }
    }
  }

  /** Every local component a node refers to. */
  private static List<ComponentKey> refs(JsonNode node) {
    List<ComponentKey> out = new ArrayList<>();
    collectRefs(node, out);
    return out;
  }

  private static void collectRefs(JsonNode node, List<ComponentKey> out) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual()) {
        ComponentKey key = parseRef(ref.asText());
        if (key != null) {
          out.add(key);
        }
      }
      node.elements().forEachRemaining(child -> collectRefs(child, out));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collectRefs(child, out));
    }
  }

  private static void rewriteRefs(JsonNode node, Map<String, String> renames) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      JsonNode ref = object.get("$ref");
      if (ref != null && ref.isTextual()) {
        ComponentKey key = parseRef(ref.asText());
        if (key != null) {
          String name = renames.get(key.type() + "/" + key.name());
          if (name != null && !name.equals(key.name())) {
            object.put("$ref", COMPONENTS_REF + key.type() + "/" + escape(name));
          }
        }
      }
      object.elements().forEachRemaining(child -> rewriteRefs(child, renames));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> rewriteRefs(child, renames));
    }
  }

  /** {@code #/components/schemas/Foo} as (schemas, Foo); anything else (external, deeper) null. */
  private static ComponentKey parseRef(String ref) {
    if (!ref.startsWith(COMPONENTS_REF)) {
      return null;
    }
    String rest = ref.substring(COMPONENTS_REF.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || rest.indexOf('/', slash + 1) >= 0) {
      return null;
    }
    String name = rest.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    return new ComponentKey(rest.substring(0, slash), name);
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
