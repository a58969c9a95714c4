package dev.vigil.system.repoconfig;

import static dev.vigil.system.repoconfig.Client.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;

import dev.vigil.repoconfig.testing.AtOnce;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key} on POST and PUT through the gateway: the same key and request replay the
 * first status and body (with {@code Idempotent-Replayed: true}) and have no second effect; the
 * same key with another request is a 422 IDEMPOTENCY_KEY_REUSED; keys belong to one tenant and
 * project.
 */
class RepoIdempotencyThroughGatewayTest {

  private static final String KEY = "Idempotency-Key";
  private static Vigil.Tenant tenant;

  @BeforeAll
  static void tenant() {
    tenant = Vigil.get().tenant("enterprise");
  }

  @Test
  void sameKeyAndBodyReplaysTheFirstResponseWithoutASecondEffect() {
    Client p = tenant.writerOnNewProject();
    String key = UUID.randomUUID().toString();
    String body = Client.github("ghp_idem", "acme/api");
    Response first = p.request().header(KEY, key).body(body).post(Vigil.REPOS);
    first.then().statusCode(201);
    assertThat(first.header("Idempotent-Replayed")).isNull();

    // The same JSON with other whitespace and key order is the same request.
    String reordered =
        "{ \"repositories\": [\"acme/api\"],\n \"credentials\": {\"token\": \"ghp_idem\"},"
            + " \"serviceMappings\": [{\"defaultBranch\": \"main\", \"pathPrefix\": \"\","
            + " \"repo\": \"acme/api\", \"serviceName\": \"api\"}], \"platform\": \"github\" }";
    for (String again : List.of(body, reordered)) {
      Response replay = p.request().header(KEY, key).body(again).post(Vigil.REPOS);
      replay.then().statusCode(201).header("Idempotent-Replayed", "true");
      assertThat(replay.asString()).isEqualTo(first.asString());
    }
    assertThat(p.allIds()).containsExactly(first.jsonPath().getString("data.id"));
  }

  @Test
  void sameKeyWithADifferentRequestIsRejected() {
    Client p = tenant.writerOnNewProject();
    String key = UUID.randomUUID().toString();
    String id =
        p.request()
            .header(KEY, key)
            .body(Client.github("ghp_idem", "acme/api"))
            .post(Vigil.REPOS)
            .then()
            .statusCode(201)
            .extract()
            .path("data.id");
    Response reused =
        p.request()
            .header(KEY, key)
            .body(Client.github("ghp_idem", "acme/other"))
            .post(Vigil.REPOS);
    assertError(reused, 422, "IDEMPOTENCY_KEY_REUSED");
    // Another method or path with that key is another request too.
    Response onPut =
        p.request()
            .header(KEY, key)
            .body(Client.github("ghp_idem", "acme/api"))
            .put(Vigil.REPOS + "/" + id);
    assertError(onPut, 422, "IDEMPOTENCY_KEY_REUSED");
    assertThat(p.allIds()).containsExactly(id);
    p.get(id).then().body("data.repositories.fullName", contains("acme/api"));
  }

  @Test
  void keysAreScopedToTenantAndProject() {
    String key = UUID.randomUUID().toString();
    String body = Client.github("ghp_idem", "acme/api");
    List<Client> callers =
        List.of(
            tenant.writerOnNewProject(),
            tenant.writerOnNewProject(), // the same tenant, another project
            Vigil.get().tenant("enterprise").writerOnNewProject()); // another tenant
    List<String> ids = new ArrayList<>();
    for (Client caller : callers) {
      Response created = caller.request().header(KEY, key).body(body).post(Vigil.REPOS);
      created.then().statusCode(201);
      assertThat(created.header("Idempotent-Replayed")).isNull();
      ids.add(created.jsonPath().getString("data.id"));
      assertThat(caller.allIds()).containsExactly(ids.getLast());
    }
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void concurrentDuplicatesCreateOneConnection() throws Exception {
    Client p = tenant.writerOnNewProject();
    String key = UUID.randomUUID().toString();
    String body = Client.github("ghp_idem", "acme/api");
    List<Response> responses =
        AtOnce.send(
            8,
            Duration.ofSeconds(120),
            i -> p.request().header(KEY, key).body(body).post(Vigil.REPOS));

    // Each one is the first's 201 (done or replayed) or a 409 while the first is in flight.
    assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isIn(201, 409));
    List<String> created =
        responses.stream()
            .filter(r -> r.statusCode() == 201)
            .map(r -> r.jsonPath().getString("data.id"))
            .distinct()
            .toList();
    assertThat(created).hasSize(1);
    responses.stream()
        .filter(r -> r.statusCode() == 409)
        .forEach(r -> assertError(r, 409, "CONFLICT"));
    assertThat(p.allIds()).isEqualTo(created);
  }

  @Test
  void putHonoursTheKeyToo() {
    Client p = tenant.writerOnNewProject();
    String id = p.connect(Client.github("ghp_idem", "acme/api"));
    String key = UUID.randomUUID().toString();
    String body = Client.body("github", null, List.of("acme/api", "acme/web"), true);
    Response first = p.request().header(KEY, key).body(body).put(Vigil.REPOS + "/" + id);
    first
        .then()
        .statusCode(200)
        .body("data.repositories.fullName", contains("acme/api", "acme/web"));

    // Changed in between by another request: the replay still answers what the first one did.
    p.put(id, Client.body("github", null, List.of("acme/api"), true)).then().statusCode(200);
    Response again = p.request().header(KEY, key).body(body).put(Vigil.REPOS + "/" + id);
    again.then().statusCode(200).header("Idempotent-Replayed", "true");
    assertThat(again.asString()).isEqualTo(first.asString());
    p.get(id).then().body("data.repositories.fullName", contains("acme/api"));

    Response other =
        p.request()
            .header(KEY, key)
            .body(Client.body("github", null, List.of("acme/web"), true))
            .put(Vigil.REPOS + "/" + id);
    assertError(other, 422, "IDEMPOTENCY_KEY_REUSED");
  }

  @Test
  void aFailedRequestDoesNotSpendItsKey() {
    Client p = Vigil.get().tenant("free").writerOnNewProject();
    p.connect(Client.github("ghp_idem", "acme/a", "acme/b", "acme/c", "acme/d", "acme/e"));
    String key = UUID.randomUUID().toString();
    String body = Client.github("ghp_idem", "acme/f");
    assertError(p.request().header(KEY, key).body(body).post(Vigil.REPOS), 403, "QUOTA_EXCEEDED");

    // Make room; the retry with the same key now does the work, and a third replays it.
    p.delete(p.allIds().getFirst()).then().statusCode(200);
    Response done = p.request().header(KEY, key).body(body).post(Vigil.REPOS);
    done.then().statusCode(201);
    Response replay = p.request().header(KEY, key).body(body).post(Vigil.REPOS);
    replay.then().statusCode(201).header("Idempotent-Replayed", "true");
    assertThat(replay.jsonPath().getString("data.id"))
        .isEqualTo(done.jsonPath().getString("data.id"));
  }

  @Test
  void malformedKeysAreRejected() {
    Client p = tenant.writerOnNewProject();
    for (String bad : List.of("k".repeat(256), "has space")) {
      Response response =
          p.request()
              .header(KEY, bad)
              .body(Client.github("ghp_idem", "acme/api"))
              .post(Vigil.REPOS);
      assertError(response, 400, "VALIDATION_ERROR");
      response.then().body("error.details.field", contains(KEY));
    }
    assertThat(p.allIds()).isEmpty();
  }
}
