package dev.vigil.system.secrets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.system.ServiceNames;
import dev.vigil.system.VigilSystem;
import dev.vigil.testkit.contract.GitHubContract;
import dev.vigil.testkit.secrets.GitHubTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push protection as a git server and GitHub's clients meet it, through the gateway: pattern
 * configurations validated against GitHub's OpenAPI subset (inheritance, 409 on a stale version,
 * another tenant's enterprise or organization 404), and the shipped pre-receive hook installed in a
 * real bare repository refusing a push with a GitHub token until it is bypassed or its pattern is
 * disabled for the organization.
 */
class PushProtectionThroughGatewayTest {

  private static final String ENTERPRISE =
      "/enterprises/{enterprise}/secret-scanning/pattern-configurations";
  private static final String ORG = "/orgs/{org}/secret-scanning/pattern-configurations";
  private static final String GITHUB_PAT = "GITHUB_ACCESS_TOKEN";
  private static final Duration EVENTUAL = Duration.ofSeconds(120);

  private static VigilSystem system;
  private static Path hook;

  /** A tenant made through the gateway's admin API: its owner token has every scope. */
  private record Tenant(String slug, String token, String project) {}

  @BeforeAll
  static void start() {
    Path root = Path.of(System.getProperty("vigil.root", "..")).toAbsolutePath().normalize();
    hook = root.resolve("deploy/git-hooks/pre-receive");
    system = VigilSystem.get();
  }

  @Test
  void patternConfigurationsFollowGitHubsContractThroughTheGateway() {
    GitHubContract contract = GitHubContract.get();
    Tenant tenant = newTenant();
    String org = "acme-" + tenant.slug();
    connect(tenant, org + "/api");

    Response enterprise = get(tenant, ENTERPRISE, tenant.slug());
    assertThat(enterprise.statusCode()).as(enterprise.asString()).isEqualTo(200);
    contract.check("get", ENTERPRISE, enterprise);
    assertThat(override(enterprise.jsonPath(), GITHUB_PAT))
        .containsEntry("default_setting", "enabled")
        .containsEntry("setting", "not-set");

    // The enterprise disables GitHub tokens: the organization inherits it.
    Response disabled =
        patch(tenant, ENTERPRISE, tenant.slug(), setting(null, GITHUB_PAT, "disabled"));
    assertThat(disabled.statusCode()).as(disabled.asString()).isEqualTo(200);
    contract.check("patch", ENTERPRISE, disabled);
    String version = disabled.jsonPath().getString("pattern_config_version");
    Response orgView = get(tenant, ORG, org);
    assertThat(orgView.statusCode()).isEqualTo(200);
    contract.check("get", ORG, orgView);
    assertThat(override(orgView.jsonPath(), GITHUB_PAT))
        .containsEntry("setting", "not-set")
        .containsEntry("enterprise_setting", "disabled");

    // The organization's own setting wins over the enterprise's.
    Response enabled = patch(tenant, ORG, org, setting(null, GITHUB_PAT, "enabled"));
    assertThat(enabled.statusCode()).as(enabled.asString()).isEqualTo(200);
    contract.check("patch", ORG, enabled);
    assertThat(override(get(tenant, ORG, org).jsonPath(), GITHUB_PAT))
        .containsEntry("setting", "enabled")
        .containsEntry("enterprise_setting", "disabled");

    // A stale version: 409, nothing changed.
    Response stale = patch(tenant, ENTERPRISE, tenant.slug(), setting(null, GITHUB_PAT, "enabled"));
    assertThat(stale.statusCode()).isEqualTo(409);
    contract.check("patch", ENTERPRISE, stale);
    Response after = get(tenant, ENTERPRISE, tenant.slug());
    assertThat(after.jsonPath().getString("pattern_config_version")).isEqualTo(version);
    assertThat(override(after.jsonPath(), GITHUB_PAT)).containsEntry("setting", "disabled");

    // Unknown token type: GitHub's 422.
    Response unknown =
        patch(tenant, ENTERPRISE, tenant.slug(), setting(version, "NO_SUCH_TYPE", "enabled"));
    assertThat(unknown.statusCode()).isEqualTo(422);
    contract.check("patch", ENTERPRISE, unknown);

    // Another tenant's enterprise and organization do not exist for this one.
    Tenant other = newTenant();
    Response foreignEnterprise = get(other, ENTERPRISE, tenant.slug());
    assertThat(foreignEnterprise.statusCode()).isEqualTo(404);
    contract.check("get", ENTERPRISE, foreignEnterprise);
    Response foreignOrg = get(other, ORG, org);
    assertThat(foreignOrg.statusCode()).isEqualTo(404);
    contract.check("get", ORG, foreignOrg);
    assertThat(patch(other, ORG, org, setting(null, GITHUB_PAT, "disabled")).statusCode())
        .isEqualTo(404);

    // Without admin:enterprise / write:org the gateway refuses in GitHub's shape.
    String scanOnly = tokenWithScopes(tenant, "scan");
    Response forbidden = given().auth().oauth2(scanOnly).get(url(ENTERPRISE, tenant.slug()));
    assertThat(forbidden.statusCode()).isEqualTo(403);
  }

  @Test
  void thePreReceiveHookRefusesASecretUntilBypassedOrDisabled(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isRegularFile(hook), "the pre-receive hook is not at " + hook);
    Tenant tenant = newTenant();
    String org = "hooked-" + tenant.slug();
    connect(tenant, org + "/app");

    // A bare repository at <org>/app.git: the hook derives owner/name from that path.
    Path bare = dir.resolve("srv").resolve(org).resolve("app.git");
    Files.createDirectories(bare);
    git(dir, "init", "-q", "--bare", bare.toString()).expectOk();
    Path installed = bare.resolve("hooks").resolve("pre-receive");
    Files.copy(hook, installed);
    Files.setPosixFilePermissions(installed, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path work = dir.resolve("work");
    git(dir, "clone", "-q", bare.toString(), work.toString()).expectOk();
    git(work, "checkout", "-q", "-b", "main").expectOk();

    // A clean push passes.
    write(work.resolve("README.md"), "# app\n");
    commit(work, "readme");
    push(work, tenant).expectOk();

    // A commit with a GitHub token on line 3 of config/app.env is refused, naming file and line.
    String secret =
        GitHubTokens.personalAccessToken(new Random(("hook-" + tenant.slug()).hashCode()));
    write(work.resolve("config/app.env"), "# settings\nDEBUG=false\nGITHUB_TOKEN=" + secret + "\n");
    commit(work, "configure");
    Run refused = push(work, tenant);
    assertThat(refused.code).as(refused.output).isNotZero();
    assertThat(refused.output)
        .contains("push protection")
        .contains("path: config/app.env:3")
        .contains("GitHub Personal Access Token")
        .contains("/v1/push-protection/bypasses")
        .doesNotContain(secret);
    assertThat(refused.output).contains("! [remote rejected]");

    // A bypass with the placeholder the guidance printed lets the same push in, even when it
    // reaches another process than the check did (here: secrets-service restarted in between).
    Matcher placeholder = Pattern.compile("placeholder_id: ([0-9a-f]+)").matcher(refused.output);
    assertThat(placeholder.find()).as(refused.output).isTrue();
    system.restart(ServiceNames.SECRETS);
    Response bypass =
        given()
            .auth()
            .oauth2(tenant.token())
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "repository",
                    org + "/app",
                    "placeholder_id",
                    placeholder.group(1),
                    "reason",
                    "used_in_tests"))
            .post(system.gatewayUrl() + "/v1/push-protection/bypasses");
    assertThat(bypass.statusCode()).as(bypass.asString()).isEqualTo(201);
    assertThat(bypass.jsonPath().getString("token_type")).isEqualTo(GITHUB_PAT);
    push(work, tenant).expectOk();

    // Another token is refused again; once the organization disables the pattern, it passes.
    String second =
        GitHubTokens.personalAccessToken(new Random(("second-" + tenant.slug()).hashCode()));
    write(work.resolve("deploy.sh"), "export GH=" + second + "\n");
    commit(work, "deploy");
    Run again = push(work, tenant);
    assertThat(again.code).as(again.output).isNotZero();
    assertThat(again.output).contains("path: deploy.sh:1");
    Response off = patch(tenant, ORG, org, setting(null, GITHUB_PAT, "disabled"));
    assertThat(off.statusCode()).as(off.asString()).isEqualTo(200);
    push(work, tenant).expectOk();

    // Vigil unreachable: refused by default, accepted with VIGIL_FAIL_OPEN=true.
    write(work.resolve("notes.txt"), "nothing secret\n");
    commit(work, "notes");
    Map<String, String> unreachable = hookEnv(tenant);
    unreachable.put("VIGIL_URL", "http://127.0.0.1:9");
    Run closed = git(work, unreachable, "push", "-q", "origin", "main");
    assertThat(closed.code).as(closed.output).isNotZero();
    assertThat(closed.output).contains("push protection unavailable");
    unreachable.put("VIGIL_FAIL_OPEN", "true");
    git(work, unreachable, "push", "-q", "origin", "main").expectOk();
  }

  // --- tenants, repositories and requests through the gateway ---

  private static Tenant newTenant() {
    String slug = "pp-" + UUID.randomUUID().toString().substring(0, 8);
    Response created =
        given()
            .auth()
            .oauth2(system.operatorToken())
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "slug", slug, "plan", "enterprise", "owner_email", "owner@" + slug + ".test"))
            .post(system.gatewayUrl() + "/vigil/v1/tenants");
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    String token = created.jsonPath().getString("token.token");
    Response project =
        given()
            .auth()
            .oauth2(token)
            .contentType(ContentType.JSON)
            .body(Map.of("name", "default"))
            .post(system.gatewayUrl() + "/vigil/v1/projects");
    assertThat(project.statusCode()).as(project.asString()).isEqualTo(201);
    return new Tenant(slug, token, project.jsonPath().getString("id"));
  }

  private static String tokenWithScopes(Tenant tenant, String... scopes) {
    Response created =
        given()
            .header("Authorization", "Token " + tenant.token())
            .contentType(ContentType.JSON)
            .body(Map.of("name", "limited", "scopes", List.of(scopes)))
            .post(system.gatewayUrl() + "/v1/api_tokens");
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    return created.jsonPath().getString("token");
  }

  /** Connects the repository in repo-config; secrets-service learns its owner from Kafka. */
  private static void connect(Tenant tenant, String repo) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("platform", "github");
    body.put(
        "credentials", Map.of("token", "ghp_" + UUID.randomUUID().toString().replace("-", "")));
    body.put("repositories", List.of(repo));
    Response created =
        given()
            .auth()
            .oauth2(tenant.token())
            .header("X-Project-Id", tenant.project())
            .contentType(ContentType.JSON)
            .body(body)
            .post(system.gatewayUrl() + "/v1/config/repos");
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    String org = repo.substring(0, repo.indexOf('/'));
    eventually("secrets-service knows " + org, () -> get(tenant, ORG, org).statusCode() == 200);
  }

  private static String url(String template, String level) {
    return system.gatewayUrl() + template.replaceFirst("\\{[a-z]+}", level);
  }

  private static Response get(Tenant tenant, String template, String level) {
    return given().header("Authorization", "token " + tenant.token()).get(url(template, level));
  }

  private static Response patch(Tenant tenant, String template, String level, Object body) {
    return given()
        .header("Authorization", "token " + tenant.token())
        .contentType(ContentType.JSON)
        .body(body)
        .patch(url(template, level));
  }

  private static Map<String, Object> setting(String version, String tokenType, String value) {
    Map<String, Object> body = new HashMap<>();
    body.put("pattern_config_version", version);
    body.put(
        "provider_pattern_settings",
        List.of(Map.of("token_type", tokenType, "push_protection_setting", value)));
    return body;
  }

  private static Map<String, Object> override(JsonPath body, String tokenType) {
    List<Map<String, Object>> all = body.getList("provider_pattern_overrides");
    return all.stream()
        .filter(o -> tokenType.equals(o.get("token_type")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(tokenType + " not listed"));
  }

  private static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + EVENTUAL.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  // --- git ---

  private record Run(int code, String output) {
    Run expectOk() {
      assertThat(code).as(output).isZero();
      return this;
    }
  }

  private static Map<String, String> hookEnv(Tenant tenant) {
    Map<String, String> env = new HashMap<>();
    env.put("VIGIL_URL", system.gatewayUrl());
    env.put("VIGIL_TOKEN", tenant.token());
    env.put("VIGIL_FAIL_OPEN", "false");
    env.put("VIGIL_TIMEOUT", "20");
    return env;
  }

  private static Run push(Path work, Tenant tenant) throws Exception {
    return git(work, hookEnv(tenant), "push", "-q", "origin", "main");
  }

  private static void commit(Path work, String message) throws Exception {
    git(work, "add", "-A").expectOk();
    git(work, "commit", "-q", "-m", message).expectOk();
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static Run git(Path dir, String... args) throws Exception {
    return git(dir, Map.of(), args);
  }

  private static Run git(Path dir, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("GIT_") || k.startsWith("VIGIL_"));
    environment.put("GIT_AUTHOR_NAME", "Ada");
    environment.put("GIT_AUTHOR_EMAIL", "ada@example.com");
    environment.put("GIT_COMMITTER_NAME", "Ada");
    environment.put("GIT_COMMITTER_EMAIL", "ada@example.com");
    environment.put("GIT_CONFIG_NOSYSTEM", "1");
    environment.put("HOME", dir.toString());
    environment.putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("git %s finished", args[0]).isTrue();
    return new Run(process.exitValue(), output);
  }
}
