package dev.vigil.system.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.gateway.domain.HttpMethod;
import dev.vigil.gateway.domain.Route;
import dev.vigil.gateway.domain.VigilRoutes;
import dev.vigil.kit.errors.ApiFamily;
import dev.vigil.system.VigilSystem;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against every route of the gateway's routing table ({@link VigilRoutes#all()}),
 * with the dev tenant's all-scopes token: a new route joins by being in the table, with no code
 * here. Each case must get a 4xx (or, where the input may be legitimate, anything but a 5xx) in the
 * route family's JSON error shape with no stack trace; afterwards every service is still ready and
 * no service logged an ERROR with a stack trace.
 */
class HostileInputThroughGatewayTest {

  private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
  private static final String FAR = "+999999999-12-31T23:59:59Z";

  /** One hostile request and what it must get. */
  private record Case(
      Route route,
      String input,
      String path,
      Map<String, String> headers,
      String body,
      boolean must4xx) {}

  /**
   * A token of the dev tenant's owner with every scope the dev token has: the suite sends {@code
   * DELETE /v1/api_tokens/self} among its cases, which must revoke this token and not the one the
   * other system tests share.
   */
  private static String ownToken(String gateway, String devToken) {
    List<String> scopes =
        given()
            .header("Authorization", "Token " + devToken)
            .get(gateway + "/v1/api_tokens/self")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("scopes", String.class);
    return given()
        .header("Authorization", "Token " + devToken)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "hostile-input suite", "scopes", scopes))
        .post(gateway + "/v1/api_tokens")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getString("token");
  }

  @Test
  void everyRouteAnswersHostileInputWithAClientErrorInItsFamilysShape() throws Exception {
    VigilSystem system = VigilSystem.get();
    String gateway = system.gatewayUrl();
    String token = ownToken(gateway, system.devToken());
    String project = system.devProject();
    Map<String, Long> logSizes = logSizes(system);

    List<Case> cases = new ArrayList<>();
    for (Route route : VigilRoutes.all()) {
      cases.addAll(casesFor(route, token, project));
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      String failure = check(gateway, c);
      if (failure != null) {
        failures.add(failure);
      }
    }
    System.out.printf(
        "hostile input: %d routes x inputs = %d cases, %d failed%n",
        VigilRoutes.all().size(), cases.size(), failures.size());
    assertThat(failures).as("cases that broke the rules").isEmpty();

    for (String service :
        List.of(
            "gateway-service",
            "scanning-service",
            "repo-config-service",
            "secrets-service",
            "sync-service")) {
      HttpResponse<String> ready =
          client.send(
              HttpRequest.newBuilder(URI.create(system.service(service).url() + "/q/health/ready"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(service + " ready afterwards").isEqualTo(200);
    }
    for (Map.Entry<String, Long> log : logSizes.entrySet()) {
      String added = newLogText(system.service(log.getKey()).log(), log.getValue());
      assertThat(added)
          .as(log.getKey() + " logged an ERROR with a stack trace")
          .doesNotContainPattern("(?s)ERROR.{0,2000}\\n\\s+at [a-z]")
          .doesNotContain("\"level\":\"ERROR\"");
    }
  }

  private static List<Case> casesFor(Route route, String token, String project) {
    List<Case> cases = new ArrayList<>();
    Map<String, String> auth = new LinkedHashMap<>();
    auth.put("Authorization", "Bearer " + token);
    if (route.projectScoped()) {
      auth.put("X-Project-Id", project);
    }
    String plain = fill(route.pathTemplate(), null, null);

    // NUL and another control character in each path variable.
    Matcher variables = VARIABLE.matcher(route.pathTemplate());
    while (variables.find()) {
      String name = variables.group(1);
      cases.add(
          new Case(
              route,
              "NUL in {" + name + "}",
              fill(route.pathTemplate(), name, "a%00b"),
              auth,
              null,
              true));
      cases.add(
          new Case(
              route,
              "ESC in {" + name + "}",
              fill(route.pathTemplate(), name, "a%1Bb"),
              auth,
              null,
              true));
    }
    // Control characters in query parameters the route may or may not read.
    cases.add(new Case(route, "NUL in query", plain + "?ref=%00&tool_name=x", auth, null, true));
    cases.add(new Case(route, "LF in query", plain + "?search=a%0Ab&state=open", auth, null, true));
    cases.add(
        new Case(
            route,
            "huge numbers in query",
            plain + "?per_page=99999999999999999999999&page=-99999999999999999999",
            auth,
            null,
            false));
    cases.add(
        new Case(
            route,
            "far date in query",
            plain + "?since=" + FAR.replace("+", "%2B"),
            auth,
            null,
            false));

    // Two Authorization headers: refused before anything else.
    Map<String, String> twice = new LinkedHashMap<>(auth);
    twice.put("Authorization#2", "Bearer " + token);
    cases.add(new Case(route, "two Authorization headers", plain, twice, null, true));

    // A spoofed Host may not break anything.
    Map<String, String> spoofed = new LinkedHashMap<>(auth);
    spoofed.put("Host", "evil.example");
    cases.add(new Case(route, "spoofed Host", plain, spoofed, null, false));

    if (route.method() == HttpMethod.POST
        || route.method() == HttpMethod.PUT
        || route.method() == HttpMethod.PATCH) {
      cases.add(new Case(route, "array body", plain, auth, "[1,2]", true));
      cases.add(
          new Case(
              route,
              "wrongly typed fields",
              plain,
              auth,
              "{\"name\":123,\"scopes\":\"scan\",\"ref\":true,\"commit_sha\":[1],\"sarif\":{},"
                  + "\"state\":7,\"platform\":1,\"repositories\":\"x\",\"slug\":1,\"email\":2,"
                  + "\"role\":3,\"plan\":4,\"document\":5,\"credentials\":\"x\"}",
              true));
      cases.add(
          new Case(
              route,
              "NUL in every string",
              plain,
              auth,
              "{\"name\":\"a\\u0000\",\"ref\":\"refs/heads/a\\u0000\",\"commit_sha\":\"a\\u0000\","
                  + "\"sarif\":\"a\\u0000\",\"state\":\"dismissed\\u0000\",\"email\":\"a\\u0000@b.c\","
                  + "\"dismissed_comment\":\"\\u0000\",\"platform\":\"github\\u0000\","
                  + "\"repositories\":[\"a/b\\u0000\"],\"document\":\"\\u0000\"}",
              true));
      cases.add(
          new Case(
              route,
              "huge numbers",
              plain,
              auth,
              "{\"member_id\":99999999999999999999999999,\"per_page\":1e400,"
                  + "\"dismissed_reason\":-1e308,\"name\":\"n\",\"scopes\":[\"scan\"]}",
              false));
      cases.add(
          new Case(
              route,
              "far dates",
              plain,
              auth,
              "{\"name\":\"far\",\"scopes\":[\"scan\"],\"expire_at\":\""
                  + FAR
                  + "\",\"started_at\":\""
                  + FAR
                  + "\",\"created_at\":\""
                  + FAR
                  + "\"}",
              false));
      cases.add(
          new Case(
              route,
              "oversize field",
              plain,
              auth,
              "{\"name\":\"" + "x".repeat(300_000) + "\",\"ref\":\"" + "r".repeat(300_000) + "\"}",
              false));
    }
    return cases;
  }

  /**
   * The path with every variable set to a harmless value, except {@code hostile} set to {@code
   * value}.
   */
  private static String fill(String template, String hostile, String value) {
    Matcher m = VARIABLE.matcher(template);
    StringBuilder path = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String replacement =
          name.equals(hostile)
              ? value
              : name.endsWith("_id") || name.equals("id")
                  ? "1"
                  : "hostile-" + name.replace('_', '-');
      m.appendReplacement(path, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(path);
    return path.toString();
  }

  /** Null when the answer keeps the rules, else what went wrong. */
  private static String check(String gateway, Case c) {
    String label = c.route().method() + " " + c.route().pathTemplate() + " [" + c.input() + "]";
    RawRequests.Answer response;
    try {
      response =
          RawRequests.send(gateway, c.route().method().name(), c.path(), c.headers(), c.body());
    } catch (IOException e) {
      return label + ": no answer (" + e.getMessage() + ")";
    }
    int status = response.status();
    if (status >= 500) {
      return label + ": " + status + " " + abbreviate(response.body());
    }
    if (c.must4xx() && status < 400) {
      return label + ": " + status + " instead of a 4xx";
    }
    if (status >= 400) {
      String shape = familyShapeProblem(c.route().family(), response);
      if (shape != null) {
        return label + ": " + status + " " + shape + " " + abbreviate(response.body());
      }
    }
    String body = response.body();
    if (body.contains("Exception") || body.contains("\tat ") || body.contains("\n\tat")) {
      return label + ": a stack trace or exception name in the body";
    }
    return null;
  }

  private static String familyShapeProblem(ApiFamily family, RawRequests.Answer response) {
    String type = response.contentType();
    if (!type.startsWith("application/json")) {
      return "not JSON (" + type + ")";
    }
    String body = response.body();
    boolean ok =
        switch (family) {
          case GITHUB -> body.contains("\"message\"") && body.contains("\"documentation_url\"");
          case GITGUARDIAN -> body.startsWith("{\"detail\"");
          case SIGSENTRY -> body.contains("\"success\":false") && body.contains("\"code\"");
          case SCANNER -> body.startsWith("{\"error\":\"");
          case VIGIL -> body.startsWith("{\"error\":{") && body.contains("\"code\"");
        };
    return ok ? null : "not in the " + family + " error shape";
  }

  private static String abbreviate(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "…";
  }

  private static Map<String, Long> logSizes(VigilSystem system) throws IOException {
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (String service :
        List.of(
            "gateway-service",
            "scanning-service",
            "repo-config-service",
            "secrets-service",
            "sync-service")) {
      Path log = system.service(service).log();
      sizes.put(service, Files.exists(log) ? Files.size(log) : 0L);
    }
    return sizes;
  }

  private static String newLogText(Path log, long from) throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    byte[] all = Files.readAllBytes(log);
    return new String(
        all,
        (int) Math.min(from, all.length),
        (int) Math.max(0, all.length - from),
        java.nio.charset.StandardCharsets.UTF_8);
  }
}
