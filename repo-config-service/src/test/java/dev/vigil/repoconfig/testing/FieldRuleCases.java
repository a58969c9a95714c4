package dev.vigil.repoconfig.testing;

import static dev.vigil.repoconfig.testing.RepoBodies.bitbucket;
import static dev.vigil.repoconfig.testing.RepoBodies.creds;
import static dev.vigil.repoconfig.testing.RepoBodies.gitlab;
import static dev.vigil.repoconfig.testing.RepoBodies.mapping;
import static dev.vigil.repoconfig.testing.RepoBodies.nullList;
import static dev.vigil.repoconfig.testing.RepoBodies.repos;
import static dev.vigil.repoconfig.testing.RepoBodies.unmapped;
import static dev.vigil.repoconfig.testing.RepoBodies.validMapping;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Every field rule of the seed's request table for {@code POST /v1/config/repos} as data: each
 * invalid body with the exact JSON paths its 400 VALIDATION_ERROR must name, each malformed body
 * (reported on {@code body}), and each valid format of each platform (a 201). The service's own
 * tests and the system tests through the gateway run the same cases, each sending them its own way.
 */
public final class FieldRuleCases {

  private FieldRuleCases() {}

  /**
   * {@link RepoBodies#validBody()} changed by {@code change}; rejected on exactly {@code fields}.
   */
  public record InvalidBody(
      String name, Consumer<Map<String, Object>> change, List<String> fields) {

    public Map<String, Object> body() {
      return changed(change);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A request body that is not a JSON object at all; rejected on {@code body}. */
  public record MalformedBody(String name, String body) {

    @Override
    public String toString() {
      return name;
    }
  }

  /** {@link RepoBodies#validBody()} changed by {@code change}, and still valid. */
  public record ValidBody(String name, Consumer<Map<String, Object>> change) {

    public Map<String, Object> body() {
      return changed(change);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  // --- invalid bodies ----------------------------------------------------------------------------

  public static List<InvalidBody> invalidBodies() {
    return List.of(
        // platform: 'github' | 'gitlab' | 'bitbucket', required
        bad("platform missing", b -> b.remove("platform"), "platform"),
        bad("platform unknown", b -> b.put("platform", "svn"), "platform"),
        bad("platform is case-sensitive", b -> b.put("platform", "GitHub"), "platform"),
        bad("platform empty", b -> b.put("platform", ""), "platform"),
        bad("platform not a string", b -> b.put("platform", 1), "platform"),
        // credentials: required object, platform-specific
        bad("credentials missing", b -> b.remove("credentials"), "credentials"),
        bad("credentials not an object", b -> b.put("credentials", "ghp_x"), "credentials"),
        bad("github token missing", b -> b.put("credentials", Map.of()), "credentials.token"),
        bad("github token empty", b -> creds(b, "token", ""), "credentials.token"),
        bad("github token blank", b -> creds(b, "token", "   "), "credentials.token"),
        bad("github token with space", b -> creds(b, "token", "ghp_a b"), "credentials.token"),
        bad("github token non-ASCII", b -> creds(b, "token", "ghp_é"), "credentials.token"),
        bad("github token too long", b -> creds(b, "token", "x".repeat(1025)), "credentials.token"),
        bad("github token not a string", b -> creds(b, "token", 12), "credentials.token"),
        bad("github with username", b -> creds(b, "username", "me"), "credentials.username"),
        bad(
            "github with appPassword",
            b -> creds(b, "appPassword", "pw"),
            "credentials.appPassword"),
        bad("unknown credentials field", b -> creds(b, "password", "pw"), "credentials.password"),
        bad(
            "baseUrl http",
            b -> creds(b, "baseUrl", "http://github.example.com/api/v3"),
            "credentials.baseUrl"),
        bad(
            "baseUrl with user info",
            b -> creds(b, "baseUrl", "https://user:pw@github.example.com/api/v3"),
            "credentials.baseUrl"),
        bad(
            "baseUrl relative",
            b -> creds(b, "baseUrl", "github.example.com/api/v3"),
            "credentials.baseUrl"),
        bad(
            "baseUrl with query",
            b -> creds(b, "baseUrl", "https://github.example.com/api/v3?x=1"),
            "credentials.baseUrl"),
        bad(
            "gitlab baseUrl with fragment",
            b -> {
              gitlab(b);
              creds(b, "baseUrl", "https://gitlab.company.com/#x");
            },
            "credentials.baseUrl"),
        bad(
            "gitlab baseUrl http",
            b -> {
              gitlab(b);
              creds(b, "baseUrl", "http://gitlab.company.com");
            },
            "credentials.baseUrl"),
        bad(
            "gitlab with username",
            b -> {
              gitlab(b);
              creds(b, "username", "me");
            },
            "credentials.username"),
        bad("baseUrl not a string", b -> creds(b, "baseUrl", 443), "credentials.baseUrl"),
        bad("bitbucket appPassword empty", b -> bitbucket(b, "bot", ""), "credentials.appPassword"),
        bad(
            "bitbucket baseUrl http",
            b -> {
              bitbucket(b, "bot", "good-pw");
              creds(b, "baseUrl", "http://bitbucket.company.com");
            },
            "credentials.baseUrl"),
        bad(
            "bitbucket username missing",
            b -> bitbucket(b, null, "good-pw"),
            "credentials.username"),
        bad(
            "bitbucket appPassword missing",
            b -> bitbucket(b, "bot", null),
            "credentials.appPassword"),
        bad(
            "bitbucket username with colon",
            b -> bitbucket(b, "bot:x", "good-pw"),
            "credentials.username"),
        bad(
            "bitbucket username with space",
            b -> bitbucket(b, "my bot", "good-pw"),
            "credentials.username"),
        bad(
            "bitbucket with token",
            b -> {
              bitbucket(b, "bot", "good-pw");
              creds(b, "token", "t");
            },
            "credentials.token"),
        bad(
            "bitbucket with baseUrl",
            b -> {
              bitbucket(b, "bot", "good-pw");
              creds(b, "baseUrl", "https://bitbucket.company.com");
            },
            "credentials.baseUrl"),
        // baseUrl at the top level: the same rules, and it must agree with credentials.baseUrl
        bad(
            "top-level baseUrl http",
            b -> b.put("baseUrl", "http://ghe.example.com/api/v3"),
            "baseUrl"),
        bad("top-level baseUrl not a string", b -> b.put("baseUrl", 443), "baseUrl"),
        bad(
            "top-level baseUrl differs from credentials.baseUrl",
            b -> {
              b.put("baseUrl", "https://ghe.example.com/api/v3");
              creds(b, "baseUrl", "https://other.example.com/api/v3");
            },
            "baseUrl"),
        bad(
            "top-level baseUrl on bitbucket",
            b -> {
              bitbucket(b, "bot", "good-pw");
              b.put("baseUrl", "https://bitbucket.company.com");
            },
            "baseUrl"),
        // repositories: string[] (≥ 1), platform format, no duplicates
        bad("repositories missing", b -> unmapped(b).remove("repositories"), "repositories"),
        bad("repositories empty", b -> repos(b), "repositories"),
        bad(
            "repositories not an array",
            b -> unmapped(b).put("repositories", "acme/api"),
            "repositories"),
        bad(
            "repository not a string",
            b -> unmapped(b).put("repositories", List.of(7)),
            "repositories[0]"),
        bad("repository null", b -> unmapped(b).put("repositories", nullList()), "repositories[0]"),
        bad(
            "more than 100 repositories",
            b ->
                unmapped(b)
                    .put(
                        "repositories",
                        IntStream.range(0, 101).mapToObj(i -> "acme/r" + i).toList()),
            "repositories"),
        bad("github without owner", b -> repos(b, "checkout-api"), "repositories[0]"),
        bad("github with subgroup", b -> repos(b, "acme/sub/api"), "repositories[0]"),
        bad("github owner leading hyphen", b -> repos(b, "-acme/api"), "repositories[0]"),
        bad("github owner double hyphen", b -> repos(b, "ac--me/api"), "repositories[0]"),
        bad("github owner too long", b -> repos(b, "a".repeat(40) + "/api"), "repositories[0]"),
        bad("github owner underscore", b -> repos(b, "ac_me/api"), "repositories[0]"),
        bad("github repo too long", b -> repos(b, "acme/" + "r".repeat(101)), "repositories[0]"),
        bad("github repo with space", b -> repos(b, "acme/check out"), "repositories[0]"),
        bad("github repo dot-dot", b -> repos(b, "acme/.."), "repositories[0]"),
        bad("github empty repo", b -> repos(b, "acme/"), "repositories[0]"),
        bad(
            "duplicate repositories, any case",
            b -> repos(b, "acme/api", "acme/web", "ACME/API"),
            "repositories[2]"),
        bad(
            "two bad repositories",
            b -> repos(b, "acme/ok", "bad", "also bad/x"),
            "repositories[1]",
            "repositories[2]"),
        bad(
            "gitlab single segment",
            b -> {
              gitlab(b);
              repos(b, "project");
            },
            "repositories[0]"),
        bad(
            "gitlab empty segment",
            b -> {
              gitlab(b);
              repos(b, "group//project");
            },
            "repositories[0]"),
        bad(
            "gitlab .git suffix",
            b -> {
              gitlab(b);
              repos(b, "group/project.git");
            },
            "repositories[0]"),
        bad(
            "gitlab segment starting with '-'",
            b -> {
              gitlab(b);
              repos(b, "group/-project");
            },
            "repositories[0]"),
        bad(
            "gitlab 21 segments",
            b -> {
              gitlab(b);
              repos(b, String.join("/", Collections.nCopies(21, "g")));
            },
            "repositories[0]"),
        bad(
            "bitbucket upper case",
            b -> {
              bitbucket(b, "bot", "good-pw");
              repos(b, "Acme/payments");
            },
            "repositories[0]"),
        bad(
            "bitbucket three segments",
            b -> {
              bitbucket(b, "bot", "good-pw");
              repos(b, "acme/team/payments");
            },
            "repositories[0]"),
        // serviceMappings: array of {serviceName, repo ∈ repositories, pathPrefix, defaultBranch}
        bad(
            "serviceMappings not an array",
            b -> b.put("serviceMappings", Map.of()),
            "serviceMappings"),
        bad(
            "mapping not an object",
            b -> b.put("serviceMappings", List.of("x")),
            "serviceMappings[0]"),
        bad(
            "serviceName missing",
            b -> mapping(b, "serviceName", null),
            "serviceMappings[0].serviceName"),
        bad(
            "serviceName empty",
            b -> mapping(b, "serviceName", ""),
            "serviceMappings[0].serviceName"),
        bad(
            "serviceName with space",
            b -> mapping(b, "serviceName", "checkout api"),
            "serviceMappings[0].serviceName"),
        bad(
            "serviceName too long",
            b -> mapping(b, "serviceName", "s".repeat(101)),
            "serviceMappings[0].serviceName"),
        bad("mapping repo missing", b -> mapping(b, "repo", null), "serviceMappings[0].repo"),
        bad(
            "mapping repo not connected",
            b -> mapping(b, "repo", "acme/other"),
            "serviceMappings[0].repo"),
        bad(
            "mapping repo in another case",
            b -> mapping(b, "repo", "ACME/checkout-api"),
            "serviceMappings[0].repo"),
        bad(
            "pathPrefix missing",
            b -> mapping(b, "pathPrefix", null),
            "serviceMappings[0].pathPrefix"),
        bad(
            "pathPrefix with ..",
            b -> mapping(b, "pathPrefix", "../x"),
            "serviceMappings[0].pathPrefix"),
        bad(
            "pathPrefix with inner ..",
            b -> mapping(b, "pathPrefix", "src/../../etc"),
            "serviceMappings[0].pathPrefix"),
        bad(
            "pathPrefix absolute",
            b -> mapping(b, "pathPrefix", "/src"),
            "serviceMappings[0].pathPrefix"),
        bad(
            "pathPrefix backslash",
            b -> mapping(b, "pathPrefix", "src\\x"),
            "serviceMappings[0].pathPrefix"),
        bad(
            "pathPrefix with ./",
            b -> mapping(b, "pathPrefix", "./src"),
            "serviceMappings[0].pathPrefix"),
        bad(
            "pathPrefix with //",
            b -> mapping(b, "pathPrefix", "src//x"),
            "serviceMappings[0].pathPrefix"),
        bad(
            "pathPrefix not a string",
            b -> mapping(b, "pathPrefix", 3),
            "serviceMappings[0].pathPrefix"),
        bad(
            "defaultBranch missing",
            b -> mapping(b, "defaultBranch", null),
            "serviceMappings[0].defaultBranch"),
        bad(
            "defaultBranch with ..",
            b -> mapping(b, "defaultBranch", "a..b"),
            "serviceMappings[0].defaultBranch"),
        bad(
            "defaultBranch with space",
            b -> mapping(b, "defaultBranch", "my branch"),
            "serviceMappings[0].defaultBranch"),
        bad(
            "defaultBranch starting with -",
            b -> mapping(b, "defaultBranch", "-main"),
            "serviceMappings[0].defaultBranch"),
        bad(
            "defaultBranch HEAD",
            b -> mapping(b, "defaultBranch", "HEAD"),
            "serviceMappings[0].defaultBranch"),
        bad(
            "defaultBranch .lock",
            b -> mapping(b, "defaultBranch", "feature/x.lock"),
            "serviceMappings[0].defaultBranch"),
        bad(
            "defaultBranch reflog syntax",
            b -> mapping(b, "defaultBranch", "main@{1}"),
            "serviceMappings[0].defaultBranch"),
        bad(
            "unknown mapping field",
            b -> mapping(b, "branch", "main"),
            "serviceMappings[0].branch"),
        bad(
            "duplicate repo and pathPrefix",
            b -> {
              Map<String, Object> m = validMapping();
              b.put("serviceMappings", List.of(m, new HashMap<>(m)));
            },
            "serviceMappings[1].pathPrefix"),
        // lookbackDays: int 1–365
        bad("lookbackDays 0", b -> b.put("lookbackDays", 0), "lookbackDays"),
        bad("lookbackDays 366", b -> b.put("lookbackDays", 366), "lookbackDays"),
        bad("lookbackDays negative", b -> b.put("lookbackDays", -5), "lookbackDays"),
        bad("lookbackDays huge", b -> b.put("lookbackDays", 99999999999L), "lookbackDays"),
        bad("lookbackDays string", b -> b.put("lookbackDays", "30"), "lookbackDays"),
        bad("lookbackDays fraction", b -> b.put("lookbackDays", 30.5), "lookbackDays"),
        bad("lookbackDays boolean", b -> b.put("lookbackDays", true), "lookbackDays"),
        // body
        bad("unknown top-level field", b -> b.put("name", "x"), "name"),
        bad(
            "several problems at once",
            b -> {
              b.put("platform", "svn");
              b.put("repositories", List.of());
              b.put("lookbackDays", 0);
              b.remove("serviceMappings");
            },
            "platform",
            "repositories",
            "lookbackDays"));
  }

  public static List<MalformedBody> malformedBodies() {
    return List.of(
        malformed("empty", ""),
        malformed("blank", "   "),
        malformed("not JSON", "platform=github"),
        malformed("truncated", "{\"platform\": \"github\", \"credentials\": {\"token\": \"ghp_"),
        malformed("array", "[]"),
        malformed("string", "\"github\""),
        malformed("null", "null"),
        malformed("duplicate keys", "{\"platform\":\"github\",\"platform\":\"gitlab\"}"),
        malformed("trailing data", "{\"platform\":\"github\"} {}"));
  }

  // --- valid formats -----------------------------------------------------------------------------

  // Base URLs point at a closed local port: accepted connections get their metadata fetched in
  // the background, and tests never reach the internet.
  public static List<ValidBody> validBodies() {
    return List.of(
        ok("seed's GitHub example", b -> {}),
        ok(
            "seed's full example",
            b -> {
              repos(b, RepoBodies.SEED_REPOSITORIES.toArray(String[]::new));
              b.put("serviceMappings", RepoBodies.seedMappings());
            }),
        ok("github without mappings", b -> b.remove("serviceMappings")),
        ok("top-level baseUrl", b -> b.put("baseUrl", "https://localhost:1/api/v3")),
        ok(
            "top-level baseUrl equal to credentials.baseUrl",
            b -> {
              b.put("baseUrl", "https://localhost:1/api/v3/");
              creds(b, "baseUrl", "https://localhost:1/api/v3");
            }),
        ok(
            "github null optionals",
            b -> {
              b.put("serviceMappings", null);
              b.put("lookbackDays", null);
            }),
        ok(
            "github name rules",
            b -> {
              repos(
                  b,
                  "a/b",
                  "A-b-9/Repo.Name_1",
                  "o".repeat(39) + "/" + "r".repeat(100),
                  "acme/.github");
              b.remove("serviceMappings");
            }),
        ok(
            "GitHub Enterprise Server baseUrl",
            b -> creds(b, "baseUrl", "https://localhost:1/api/v3")),
        ok("lookbackDays 1", b -> b.put("lookbackDays", 1)),
        ok("lookbackDays 365", b -> b.put("lookbackDays", 365)),
        ok(
            "mapping details",
            b -> {
              repos(b, "acme/checkout-api");
              b.put(
                  "serviceMappings",
                  List.of(
                      Map.of(
                          "serviceName", "checkout.api_v2-x",
                          "repo", "acme/checkout-api",
                          "pathPrefix", "services/checkout/",
                          "defaultBranch", "release/2024.1-x"),
                      Map.of(
                          "serviceName", "checkout-root",
                          "repo", "acme/checkout-api",
                          "pathPrefix", "",
                          "defaultBranch", "main")));
            }),
        ok(
            "gitlab group/project",
            b -> {
              gitlab(b);
              repos(b, "acme/checkout-api");
            }),
        ok(
            "gitlab nested subgroups",
            b -> {
              gitlab(b);
              repos(b, "acme/platform/payments/checkout-api", "_grp/pro.ject-1");
              b.remove("serviceMappings");
            }),
        ok(
            "self-hosted GitLab baseUrl",
            b -> {
              gitlab(b);
              repos(b, "acme/checkout-api");
              creds(b, "baseUrl", "https://localhost:1/gitlab");
            }),
        ok(
            "bitbucket app password",
            b -> {
              bitbucket(b, "your-bitbucket-username", "good-app-password");
              repos(b, "acme/checkout-api");
            }),
        ok(
            "bitbucket slug rules",
            b -> {
              bitbucket(b, "bot", "good-app-password");
              repos(b, "acme_ws-1/repo.slug_x-1");
              b.remove("serviceMappings");
            }));
  }

  private static Map<String, Object> changed(Consumer<Map<String, Object>> change) {
    Map<String, Object> body = RepoBodies.validBody();
    change.accept(body);
    return body;
  }

  private static InvalidBody bad(
      String name, Consumer<Map<String, Object>> change, String... fields) {
    return new InvalidBody(name, change, List.of(fields));
  }

  private static MalformedBody malformed(String name, String body) {
    return new MalformedBody(name, body);
  }

  private static ValidBody ok(String name, Consumer<Map<String, Object>> change) {
    return new ValidBody(name, change);
  }
}
