package dev.vigil.repoconfig.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionValidatorTest {

  private static final String TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
  private static final String APP_PASSWORD = "ATBBxY7s9kLmNoPqRsTuVwXyZ0123456789";

  private static Credentials token(String token) {
    return new Credentials(token, null, null, null);
  }

  private static ConnectionRequest github(List<String> repos) {
    return new ConnectionRequest("github", token(TOKEN), repos, null, null);
  }

  private static ConnectionRequest withCredentials(String platform, Credentials credentials) {
    // "acme/checkout-api" is well-formed on all three platforms.
    return new ConnectionRequest(platform, credentials, List.of("acme/checkout-api"), null, null);
  }

  private static ConnectionRequest withMappings(ServiceMapping... mappings) {
    return new ConnectionRequest(
        "github",
        token(TOKEN),
        List.of("acme/checkout-api", "acme/billing-worker"),
        Arrays.asList(mappings),
        30);
  }

  private static ServiceMapping mapping(String prefix) {
    return new ServiceMapping("checkout-api", "acme/checkout-api", prefix, "main");
  }

  private static List<FieldError> validate(ConnectionRequest request) {
    return ConnectionValidator.validate(request, false);
  }

  private static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }

  @Test
  void fullExampleFromTheApiDocumentIsValid() {
    ConnectionRequest request =
        new ConnectionRequest(
            "github",
            token("ghp_abc123"),
            List.of("acme/checkout-api", "acme/billing-worker"),
            List.of(
                new ServiceMapping("checkout-api", "acme/checkout-api", "src/", "main"),
                new ServiceMapping("billing-worker", "acme/billing-worker", "", "main")),
            30);
    assertThat(validate(request)).isEmpty();
  }

  @Test
  void minimalRequestsForEachPlatformAreValid() {
    assertThat(validate(withCredentials("github", token(TOKEN)))).isEmpty();
    assertThat(validate(withCredentials("gitlab", token("glpat-xxxxxxxxxxxxxxxxxxxx")))).isEmpty();
    assertThat(
            validate(
                withCredentials("bitbucket", new Credentials(null, "jdoe", APP_PASSWORD, null))))
        .isEmpty();
    assertThat(
            validate(
                new ConnectionRequest(
                    "gitlab",
                    token("glpat-x"),
                    List.of("acme/platform/payments/checkout-api"),
                    null,
                    null)))
        .isEmpty();
  }

  @Test
  void nullBodyIsReported() {
    assertThat(ConnectionValidator.validate(null, false))
        .containsExactly(new FieldError("body", "is required"));
  }

  @Test
  void reportsEveryMissingFieldOfAnEmptyBody() {
    assertThat(validate(new ConnectionRequest(null, null, null, null, null)))
        .containsExactly(
            new FieldError("platform", "is required"),
            new FieldError("credentials", "is required"),
            new FieldError("repositories", "is required"));
  }

  @Nested
  class PlatformRule {

    @ParameterizedTest
    @ValueSource(strings = {"GitHub", "GITHUB", "github.com", "azure", " github", "gitea", ""})
    void rejectsAnythingButTheThreeLowerCaseNames(String platform) {
      List<FieldError> errors =
          validate(new ConnectionRequest(platform, token(TOKEN), List.of("acme/x"), null, null));
      assertThat(fields(errors)).containsExactly("platform");
    }

    @Test
    void unknownPlatformMessageListsTheChoices() {
      assertThat(validate(new ConnectionRequest("svn", token(TOKEN), List.of("a/b"), null, null)))
          .containsExactly(new FieldError("platform", "must be one of: github, gitlab, bitbucket"));
    }

    @Test
    void unknownPlatformStillChecksGenericRules() {
      List<FieldError> errors =
          validate(new ConnectionRequest("svn", token(TOKEN), List.of("a/b", "A/B"), null, 0));
      assertThat(fields(errors)).containsExactly("platform", "repositories[1]", "lookbackDays");
    }
  }

  @Nested
  class CredentialsRules {

    @Test
    void requiredUnlessOptional() {
      ConnectionRequest request =
          new ConnectionRequest("github", null, List.of("acme/checkout-api"), null, null);
      assertThat(ConnectionValidator.validate(request, false))
          .containsExactly(new FieldError("credentials", "is required"));
      assertThat(ConnectionValidator.validate(request, true)).isEmpty();
    }

    @Test
    void presentCredentialsAreValidatedEvenWhenOptional() {
      ConnectionRequest request =
          new ConnectionRequest(
              "github", new Credentials(null, null, null, null), List.of("a/b"), null, null);
      assertThat(ConnectionValidator.validate(request, true))
          .containsExactly(new FieldError("credentials.token", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"github", "gitlab"})
    void tokenPlatformsNeedANonBlankToken(String platform) {
      assertThat(fields(validate(withCredentials(platform, token(null)))))
          .containsExactly("credentials.token");
      assertThat(fields(validate(withCredentials(platform, token("   ")))))
          .containsExactly("credentials.token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"github", "gitlab"})
    void tokenPlatformsRejectUsernameAndAppPassword(String platform) {
      List<FieldError> errors =
          validate(withCredentials(platform, new Credentials(TOKEN, "jdoe", "pw", null)));
      assertThat(errors)
          .containsExactly(
              new FieldError("credentials.username", "is not allowed for " + platform),
              new FieldError("credentials.appPassword", "is not allowed for " + platform));
    }

    @Test
    void tokenLengthIsLimited() {
      assertThat(validate(withCredentials("github", token("t".repeat(1024))))).isEmpty();
      assertThat(validate(withCredentials("github", token("t".repeat(1025)))))
          .containsExactly(new FieldError("credentials.token", "must be at most 1024 characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ghp_abc def", "ghp_abc\r\nX-Injected: 1", "ghp_\u0000", "ghp_é"})
    void tokenMustBePrintableAscii(String value) {
      assertThat(validate(withCredentials("github", token(value))))
          .containsExactly(
              new FieldError(
                  "credentials.token",
                  "must contain only printable ASCII characters without spaces"));
    }

    @Test
    void bitbucketNeedsUsernameAndAppPassword() {
      assertThat(validate(withCredentials("bitbucket", new Credentials(null, null, null, null))))
          .containsExactly(
              new FieldError("credentials.username", "is required"),
              new FieldError("credentials.appPassword", "is required"));
      assertThat(
              fields(
                  validate(withCredentials("bitbucket", new Credentials(null, "jdoe", "", null)))))
          .containsExactly("credentials.appPassword");
    }

    @Test
    void bitbucketRejectsTokenAndBaseUrl() {
      assertThat(
              validate(
                  withCredentials(
                      "bitbucket",
                      new Credentials(
                          TOKEN, "jdoe", APP_PASSWORD, "https://bitbucket.example.com"))))
          .containsExactly(
              new FieldError("credentials.token", "is not allowed for bitbucket"),
              new FieldError("credentials.baseUrl", "is not supported for bitbucket"));
    }

    @Test
    void bitbucketUsernameRules() {
      assertThat(
              validate(
                  withCredentials(
                      "bitbucket", new Credentials(null, "jdoe:x", APP_PASSWORD, null))))
          .containsExactly(
              new FieldError(
                  "credentials.username",
                  "must not contain whitespace, control characters or ':'"));
      assertThat(
              fields(
                  validate(
                      withCredentials(
                          "bitbucket",
                          new Credentials(null, "u".repeat(256), APP_PASSWORD, null)))))
          .containsExactly("credentials.username");
      assertThat(
              validate(
                  withCredentials(
                      "bitbucket",
                      new Credentials(null, "jane.doe@example.com", APP_PASSWORD, null))))
          .isEmpty();
    }

    @Test
    void appPasswordLengthIsLimited() {
      assertThat(
              fields(
                  validate(
                      withCredentials(
                          "bitbucket", new Credentials(null, "jdoe", "p".repeat(1025), null)))))
          .containsExactly("credentials.appPassword");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "https://github.example.com/api/v3",
          "https://gitlab.company.com",
          "https://gitlab.company.com:8443/",
          "HTTPS://git.internal.example",
          "https://10.0.0.5/api/v3"
        })
    void acceptsHttpsBaseUrls(String url) {
      assertThat(validate(withCredentials("github", new Credentials(TOKEN, null, null, url))))
          .isEmpty();
      assertThat(validate(withCredentials("gitlab", new Credentials(TOKEN, null, null, url))))
          .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "http://github.example.com/api/v3",
          "ftp://github.example.com",
          "github.example.com/api/v3",
          "/api/v3",
          "",
          "https://",
          "https:///api/v3",
          "https:github.example.com",
          "https://user:pass@github.example.com",
          "https://github.example.com/api/v3?x=1",
          "https://github.example.com/#frag",
          "https://github.example.com:0/",
          "https://github.example.com:70000/",
          "https://github example.com/",
          "javascript:alert(1)"
        })
    void rejectsUnsafeBaseUrls(String url) {
      assertThat(
              fields(validate(withCredentials("github", new Credentials(TOKEN, null, null, url)))))
          .containsExactly("credentials.baseUrl");
    }

    @Test
    void baseUrlMessages() {
      assertThat(ConnectionValidator.baseUrlProblem("http://x.example"))
          .contains("must be an absolute https URL");
      assertThat(ConnectionValidator.baseUrlProblem("https://u:p@x.example"))
          .contains("must not contain user information");
      assertThat(ConnectionValidator.baseUrlProblem("https://x.example/?q"))
          .contains("must not contain a query or fragment");
      assertThat(ConnectionValidator.baseUrlProblem("https://x.example/" + "a".repeat(2100)))
          .contains("must be at most 2048 characters");
    }

    @Test
    void errorsNeverEchoCredentialValues() {
      String secret = "SuPeRsEcReT";
      List<ConnectionRequest> requests =
          List.of(
              withCredentials(
                  "github", new Credentials(secret + " x", secret, secret, "http://" + secret)),
              withCredentials(
                  "bitbucket", new Credentials(secret, secret + ":", secret + " ", secret)),
              withCredentials("gitlab", token(secret.repeat(200))),
              withCredentials(
                  "github",
                  new Credentials(TOKEN, null, null, "https://" + secret + "@h.example")));
      for (ConnectionRequest request : requests) {
        List<FieldError> errors = validate(request);
        assertThat(errors).isNotEmpty();
        assertThat(errors.toString()).doesNotContain(secret);
      }
    }
  }

  @Nested
  class RepositoriesRules {

    @Test
    void requiredAndNonEmpty() {
      assertThat(validate(github(null)))
          .containsExactly(new FieldError("repositories", "is required"));
      assertThat(validate(github(List.of())))
          .containsExactly(new FieldError("repositories", "must contain at least one repository"));
    }

    @Test
    void atMostOneHundred() {
      List<String> hundred = IntStream.range(0, 100).mapToObj(i -> "acme/repo-" + i).toList();
      assertThat(validate(github(hundred))).isEmpty();
      List<String> tooMany = new ArrayList<>(hundred);
      tooMany.add("acme/one-more");
      assertThat(validate(github(tooMany)))
          .containsExactly(new FieldError("repositories", "must contain at most 100 repositories"));
    }

    @Test
    void reportsTheIndexOfEachBadEntry() {
      List<FieldError> errors =
          validate(github(Arrays.asList("acme/checkout-api", "not a repo", null, "acme/")));
      assertThat(fields(errors))
          .containsExactly("repositories[1]", "repositories[2]", "repositories[3]");
      assertThat(errors.get(0).message()).isEqualTo("must be in owner/repo format");
      assertThat(errors.get(1).message()).isEqualTo("is required");
    }

    @Test
    void gitHubDuplicatesAreCaseInsensitive() {
      assertThat(validate(github(List.of("acme/checkout-api", "acme/other", "Acme/Checkout-API"))))
          .containsExactly(new FieldError("repositories[2]", "duplicates repositories[0]"));
    }

    @Test
    void exactDuplicatesAreRejected() {
      assertThat(validate(github(List.of("acme/x", "acme/x"))))
          .containsExactly(new FieldError("repositories[1]", "duplicates repositories[0]"));
    }

    @Test
    void formatFollowsThePlatform() {
      // A GitLab subgroup path is not a GitHub name, and a Bitbucket slug is lower case.
      assertThat(fields(validate(github(List.of("acme/platform/checkout-api")))))
          .containsExactly("repositories[0]");
      assertThat(
              validate(
                  new ConnectionRequest(
                      "gitlab", token(TOKEN), List.of("acme/platform/checkout-api"), null, null)))
          .isEmpty();
      assertThat(
              fields(
                  validate(
                      new ConnectionRequest(
                          "bitbucket",
                          new Credentials(null, "jdoe", APP_PASSWORD, null),
                          List.of("acme/Checkout-API"),
                          null,
                          null))))
          .containsExactly("repositories[0]");
    }
  }

  @Nested
  class ServiceMappingRules {

    @Test
    void optional() {
      assertThat(validate(withMappings())).isEmpty();
      assertThat(
              validate(new ConnectionRequest("github", token(TOKEN), List.of("a/b"), null, null)))
          .isEmpty();
    }

    @Test
    void atMostTwoHundred() {
      ServiceMapping[] ok =
          IntStream.range(0, 200)
              .mapToObj(i -> mapping("dir" + i + "/"))
              .toArray(ServiceMapping[]::new);
      assertThat(validate(withMappings(ok))).isEmpty();
      ServiceMapping[] tooMany =
          IntStream.range(0, 201)
              .mapToObj(i -> mapping("dir" + i + "/"))
              .toArray(ServiceMapping[]::new);
      assertThat(validate(withMappings(tooMany)))
          .containsExactly(new FieldError("serviceMappings", "must contain at most 200 mappings"));
    }

    @Test
    void nullEntry() {
      assertThat(validate(withMappings(mapping("src/"), null)))
          .containsExactly(new FieldError("serviceMappings[1]", "must be an object"));
    }

    @Test
    void allFieldsRequired() {
      assertThat(validate(withMappings(new ServiceMapping(null, null, null, null))))
          .containsExactly(
              new FieldError("serviceMappings[0].serviceName", "is required"),
              new FieldError("serviceMappings[0].repo", "is required"),
              new FieldError(
                  "serviceMappings[0].pathPrefix",
                  "is required (use \"\" for the repository root)"),
              new FieldError("serviceMappings[0].defaultBranch", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkout-api", "billing_worker", "svc.v2", "A", "x-1.2_3"})
    void acceptsServiceNames(String name) {
      assertThat(validate(withMappings(new ServiceMapping(name, "acme/checkout-api", "", "main"))))
          .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "checkout api", "svc/name", "svc:1", "naïve", "a\u0000"})
    void rejectsServiceNames(String name) {
      assertThat(
              fields(
                  validate(
                      withMappings(new ServiceMapping(name, "acme/checkout-api", "", "main")))))
          .containsExactly("serviceMappings[0].serviceName");
    }

    @Test
    void serviceNameLength() {
      assertThat(
              validate(
                  withMappings(
                      new ServiceMapping("s".repeat(100), "acme/checkout-api", "", "main"))))
          .isEmpty();
      assertThat(
              validate(
                  withMappings(
                      new ServiceMapping("s".repeat(101), "acme/checkout-api", "", "main"))))
          .containsExactly(
              new FieldError("serviceMappings[0].serviceName", "must be at most 100 characters"));
    }

    @Test
    void repoMustBeOneOfRepositories() {
      assertThat(
              validate(
                  withMappings(
                      mapping("src/"), new ServiceMapping("ghost", "acme/ghost-repo", "", "main"))))
          .containsExactly(
              new FieldError(
                  "serviceMappings[1].repo", "must be one of the entries of repositories"));
    }

    @Test
    void repoMustMatchTheSpellingInRepositories() {
      assertThat(
              fields(
                  validate(
                      withMappings(new ServiceMapping("svc", "ACME/checkout-api", "", "main")))))
          .containsExactly("serviceMappings[0].repo");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "src/",
          "src",
          "services/checkout/",
          "packages/api/src/main/java/",
          "a..b/",
          ".github/",
          "docs/été/"
        })
    void acceptsPathPrefixes(String prefix) {
      assertThat(validate(withMappings(mapping(prefix)))).isEmpty();
    }

    @Test
    void pathPrefixRules() {
      assertPrefix("/src", "must be relative to the repository root (no leading '/')");
      assertPrefix("../src", "must not contain '..' segments");
      assertPrefix("src/../etc", "must not contain '..' segments");
      assertPrefix("src/..", "must not contain '..' segments");
      assertPrefix("src\\main", "must not contain backslashes; use '/'");
      assertPrefix("src\u0000/", "must not contain control characters");
      assertPrefix("src\n", "must not contain control characters");
      assertPrefix("src//main", "must not contain '//'");
      assertPrefix("./src", "must not contain '.' segments");
      assertPrefix("p".repeat(1025), "must be at most 1024 characters");
      assertThat(validate(withMappings(mapping("p".repeat(1024))))).isEmpty();
    }

    private void assertPrefix(String prefix, String message) {
      assertThat(validate(withMappings(mapping(prefix))))
          .containsExactly(new FieldError("serviceMappings[0].pathPrefix", message));
    }

    @Test
    void defaultBranchFollowsGitRules() {
      assertThat(
              validate(
                  withMappings(
                      new ServiceMapping("svc", "acme/checkout-api", "", "release/2024.06"))))
          .isEmpty();
      assertThat(
              validate(
                  withMappings(new ServiceMapping("svc", "acme/checkout-api", "", "main..dev"))))
          .containsExactly(
              new FieldError("serviceMappings[0].defaultBranch", "must not contain '..'"));
      assertThat(
              fields(
                  validate(
                      withMappings(
                          new ServiceMapping("svc", "acme/checkout-api", "", "b".repeat(256))))))
          .containsExactly("serviceMappings[0].defaultBranch");
    }

    @Test
    void duplicateRepoAndPathPrefixPairsAreRejected() {
      assertThat(
              validate(
                  withMappings(
                      new ServiceMapping("a", "acme/checkout-api", "src/", "main"),
                      new ServiceMapping("b", "acme/billing-worker", "src/", "main"),
                      new ServiceMapping("c", "acme/checkout-api", "src/", "develop"))))
          .containsExactly(
              new FieldError(
                  "serviceMappings[2].pathPrefix",
                  "duplicates the repo and pathPrefix of serviceMappings[0]"));
    }

    @Test
    void sameRepoWithDifferentPrefixesIsFine() {
      assertThat(
              validate(
                  withMappings(
                      new ServiceMapping("web", "acme/checkout-api", "web/", "main"),
                      new ServiceMapping("api", "acme/checkout-api", "api/", "main"),
                      new ServiceMapping("root", "acme/checkout-api", "", "main"))))
          .isEmpty();
    }

    @Test
    void errorsOfSeveralMappingsCarryTheirIndex() {
      assertThat(
              fields(
                  validate(
                      withMappings(
                          mapping("src/"),
                          new ServiceMapping("ok", "acme/billing-worker", "/abs", "main"),
                          new ServiceMapping("bad name", "acme/billing-worker", "", "-x")))))
          .containsExactly(
              "serviceMappings[1].pathPrefix",
              "serviceMappings[2].serviceName",
              "serviceMappings[2].defaultBranch");
    }
  }

  @Nested
  class LookbackDaysRule {

    @ParameterizedTest
    @ValueSource(ints = {1, 30, 90, 365})
    void acceptsOneTo365(int days) {
      assertThat(
              validate(new ConnectionRequest("github", token(TOKEN), List.of("a/b"), null, days)))
          .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 366, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void rejectsOutOfRange(int days) {
      assertThat(
              validate(new ConnectionRequest("github", token(TOKEN), List.of("a/b"), null, days)))
          .containsExactly(new FieldError("lookbackDays", "must be between 1 and 365"));
    }

    @Test
    void absentMeansThirty() {
      ConnectionRequest request =
          new ConnectionRequest("github", token(TOKEN), List.of("a/b"), null, null);
      assertThat(validate(request)).isEmpty();
      assertThat(request.effectiveLookbackDays()).isEqualTo(30);
    }
  }
}
