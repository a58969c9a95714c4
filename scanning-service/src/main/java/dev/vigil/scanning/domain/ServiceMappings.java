package dev.vigil.scanning.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A repository's service mappings from the read model: the service owning a path is the one with
 * the longest matching {@code pathPrefix} ({@code ""} matches everything).
 */
public final class ServiceMappings {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Mapping(String serviceName, String pathPrefix) {}

  private final List<Mapping> mappings;

  private ServiceMappings(List<Mapping> mappings) {
    this.mappings = mappings;
  }

  /** Parses the stored JSON array; anything unreadable means "no mappings". */
  public static ServiceMappings parse(String json) {
    List<Mapping> list = new ArrayList<>();
    if (json != null && !json.isBlank()) {
      try {
        for (JsonNode node : JSON.readTree(json)) {
          String name = node.path("serviceName").asText(null);
          String prefix = node.path("pathPrefix").asText(null);
          if (name != null && !name.isEmpty() && prefix != null) {
            list.add(new Mapping(name, normalize(prefix)));
          }
        }
      } catch (IOException e) {
        list.clear();
      }
    }
    return new ServiceMappings(list);
  }

  /** The owning service of a repository path, or null. */
  public String serviceFor(String path) {
    if (path == null) {
      return null;
    }
    String normalized = normalize(path);
    Mapping best = null;
    for (Mapping m : mappings) {
      boolean matches =
          m.pathPrefix().isEmpty()
              || normalized.equals(m.pathPrefix())
              || normalized.startsWith(m.pathPrefix() + "/");
      if (matches && (best == null || m.pathPrefix().length() > best.pathPrefix().length())) {
        best = m;
      }
    }
    return best == null ? null : best.serviceName();
  }

  private static String normalize(String path) {
    String p = path.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
