package dev.vigil.repoconfig.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request bodies for {@code POST/PUT /v1/config/repos} as plain maps, and the small mutators the
 * field-rule cases apply to them. How a body is serialised and sent is up to the test: this class
 * knows nothing of HTTP, Quarkus or the gateway.
 */
public final class RepoBodies {

  private RepoBodies() {}

  // --- whole bodies ------------------------------------------------------------------------------

  /** A GitHub body with a token and the given repositories, each mapped to branch main. */
  public static Map<String, Object> github(String token, String... repositories) {
    return body("github", Map.of("token", token), List.of(repositories), true);
  }

  /**
   * A body of {@code platform}; {@code credentials} left out when null; with {@code mapEach}, every
   * repository mapped to a service named after it, at the root, on branch main.
   */
  public static Map<String, Object> body(
      String platform, Map<String, ?> credentials, List<String> repositories, boolean mapEach) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("platform", platform);
    if (credentials != null) {
      body.put("credentials", credentials);
    }
    body.put("repositories", repositories);
    if (mapEach) {
      List<Map<String, String>> mappings = new ArrayList<>();
      for (String repo : repositories) {
        mappings.add(
            Map.of(
                "serviceName",
                repo.substring(repo.lastIndexOf('/') + 1),
                "repo",
                repo,
                "pathPrefix",
                "",
                "defaultBranch",
                "main"));
      }
      body.put("serviceMappings", mappings);
    }
    return body;
  }

  /**
   * The seed's full GitHub example: two repositories, two mappings, 30 days, with {@code token}.
   */
  public static Map<String, Object> seedExample(String token) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("platform", "github");
    body.put("credentials", Map.of("token", token));
    body.put("repositories", SEED_REPOSITORIES);
    body.put("serviceMappings", seedMappings());
    body.put("lookbackDays", 30);
    return body;
  }

  /** The repositories of {@link #seedExample}. */
  public static final List<String> SEED_REPOSITORIES =
      List.of("acme/checkout-api", "acme/billing-worker");

  /** The service mappings of {@link #seedExample}: checkout-api under src/, billing-worker. */
  public static List<Map<String, Object>> seedMappings() {
    return List.of(
        Map.of(
            "serviceName", "checkout-api",
            "repo", "acme/checkout-api",
            "pathPrefix", "src/",
            "defaultBranch", "main"),
        Map.of(
            "serviceName", "billing-worker",
            "repo", "acme/billing-worker",
            "pathPrefix", "",
            "defaultBranch", "main"));
  }

  /**
   * The body the replace tests PUT over a GitHub connection of acme/api and acme/web: other
   * repositories (one differing only in case), one mapping on a release branch, 90 days, and no
   * credentials, so the stored ones are kept.
   */
  public static Map<String, Object> replacementKeepingCredentials() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("platform", "github");
    body.put("repositories", List.of("acme/API", "acme/worker"));
    body.put(
        "serviceMappings",
        List.of(
            Map.of(
                "serviceName", "worker",
                "repo", "acme/worker",
                "pathPrefix", "cmd/worker/",
                "defaultBranch", "release/2.x")));
    body.put("lookbackDays", 90);
    return body;
  }

  /**
   * The valid GitHub body every field-rule case starts from: one repository, one mapping, 30 days;
   * mutable all the way down to its credentials.
   */
  public static Map<String, Object> validBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("platform", "github");
    body.put("credentials", new LinkedHashMap<>(Map.of("token", "ghp_good_validation")));
    body.put("repositories", List.of("acme/checkout-api"));
    body.put("serviceMappings", List.of(validMapping()));
    body.put("lookbackDays", 30);
    return body;
  }

  /** The one mapping of {@link #validBody()}, as a new mutable map. */
  public static Map<String, Object> validMapping() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("serviceName", "checkout-api");
    m.put("repo", "acme/checkout-api");
    m.put("pathPrefix", "src/");
    m.put("defaultBranch", "main");
    return m;
  }

  // --- mutators ----------------------------------------------------------------------------------

  /** Sets one credentials field. */
  @SuppressWarnings("unchecked")
  public static void creds(Map<String, Object> body, String field, Object value) {
    Map<String, Object> credentials = (Map<String, Object>) body.get("credentials");
    credentials.put(field, value);
  }

  /** Makes the body GitLab's, with a valid token. */
  public static void gitlab(Map<String, Object> body) {
    body.put("platform", "gitlab");
    body.put("credentials", new LinkedHashMap<>(Map.of("token", "glpat-good-validation")));
  }

  /** Makes the body Bitbucket's, without mappings; a null credential is left out. */
  public static void bitbucket(Map<String, Object> body, String username, String appPassword) {
    body.put("platform", "bitbucket");
    Map<String, Object> credentials = new LinkedHashMap<>();
    if (username != null) {
      credentials.put("username", username);
    }
    if (appPassword != null) {
      credentials.put("appPassword", appPassword);
    }
    body.put("credentials", credentials);
    body.remove("serviceMappings");
  }

  /** Removes the mappings: without them, a broken repository list reports only its own problems. */
  public static Map<String, Object> unmapped(Map<String, Object> body) {
    body.remove("serviceMappings");
    return body;
  }

  /** Sets the repositories, keeping a single mapping (if any) pointed at the first of them. */
  public static void repos(Map<String, Object> body, String... names) {
    body.put("repositories", Arrays.asList(names));
    if (names.length == 0) {
      body.remove("serviceMappings");
    }
    if (names.length > 0
        && body.get("serviceMappings") instanceof List<?> list
        && !list.isEmpty()) {
      Map<String, Object> m = validMapping();
      m.put("repo", names[0]);
      body.put("serviceMappings", List.of(m));
    }
  }

  /** Replaces the mappings by {@link #validMapping()} with one field changed (removed if null). */
  public static void mapping(Map<String, Object> body, String field, Object value) {
    Map<String, Object> m = validMapping();
    if (value == null) {
      m.remove(field);
    } else {
      m.put(field, value);
    }
    body.put("serviceMappings", List.of(m));
  }

  /** A list holding a single null (which {@code List.of} refuses). */
  public static List<Object> nullList() {
    List<Object> list = new ArrayList<>();
    list.add(null);
    return list;
  }
}
