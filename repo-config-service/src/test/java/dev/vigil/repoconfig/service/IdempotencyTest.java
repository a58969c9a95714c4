package dev.vigil.repoconfig.service;

import static dev.vigil.repoconfig.support.Api.REPOS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.vigil.repoconfig.domain.RequestFingerprint;
import dev.vigil.repoconfig.domain.RequestFingerprinter;
import dev.vigil.repoconfig.support.Api;
import dev.vigil.repoconfig.support.Api.Project;
import dev.vigil.repoconfig.support.Db;
import dev.vigil.repoconfig.support.FakePlatforms;
import dev.vigil.repoconfig.testing.AtOnce;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key} on POST and PUT. */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(FakePlatforms.class)
class IdempotencyTest {

  private static final String KEY = "Idempotency-Key";

  @Inject DataSource dataSource;
  @Inject RequestFingerprinter fingerprinter;

  @Test
  void sameKeyAndBodyReplaysTheFirstResponseWithoutASecondEffect() {
    Project p = Project.fresh();
    String key = UUID.randomUUID().toString();
    String body = Api.github("ghp_good_i", "acme/api");
    Response first = p.writer().header(KEY, key).body(body).post(REPOS);
    first.then().statusCode(201);

    // The same JSON with other whitespace and key order is the same request.
    String reordered =
        "{ \"repositories\": [\"acme/api\"],\n \"credentials\": {\"token\": \"ghp_good_i\"},"
            + " \"serviceMappings\": [{\"defaultBranch\": \"main\", \"pathPrefix\": \"\","
            + " \"repo\": \"acme/api\", \"serviceName\": \"api\"}], \"platform\": \"github\" }";
    Response again = p.writer().header(KEY, key).body(reordered).post(REPOS);
    again.then().statusCode(201).header("Idempotent-Replayed", "true");
    assertThat(again.asString()).isEqualTo(first.asString());

    assertThat(connections(p)).isEqualTo(1);
    String id = first.jsonPath().getString("data.id");
    assertThat(
            Db.number(
                dataSource,
                "SELECT count(*) FROM outbox_event WHERE message_key = ? AND event_type = ?",
                id,
                "repo.connected"))
        .isEqualTo(1);
    assertThat(
            Db.number(
                dataSource,
                "SELECT repo_count FROM project_repo_count WHERE tenant_id = ? AND project_id = ?",
                p.tenant(),
                p.project()))
        .isEqualTo(1);
  }

  @Test
  void anEmptyKeyIsRefusedNotTakenForAbsent() {
    Project p = Project.fresh();
    Response empty =
        p.writer().header(KEY, "").body(Api.github("ghp_good_e", "acme/empty")).post(REPOS);
    empty.then().statusCode(400).body("success", org.hamcrest.Matchers.equalTo(false));
    assertThat(connections(p)).isEqualTo(0);
  }

  @Test
  void sameKeyWithADifferentBodyIsRejected() {
    Project p = Project.fresh();
    String key = UUID.randomUUID().toString();
    p.writer()
        .header(KEY, key)
        .body(Api.github("ghp_good_i", "acme/api"))
        .post(REPOS)
        .then()
        .statusCode(201);
    p.writer()
        .header(KEY, key)
        .body(Api.github("ghp_good_i", "acme/other"))
        .post(REPOS)
        .then()
        .statusCode(422)
        .body("success", equalTo(false))
        .body("error.code", equalTo("IDEMPOTENCY_KEY_REUSED"));
    assertThat(connections(p)).isEqualTo(1);
  }

  @Test
  void keysAreScopedToTenantAndProject() {
    Project p = Project.fresh();
    String key = UUID.randomUUID().toString();
    String body = Api.github("ghp_good_i", "acme/api");
    String first =
        p.writer()
            .header(KEY, key)
            .body(body)
            .post(REPOS)
            .then()
            .statusCode(201)
            .extract()
            .path("data.id");
    Project sibling = p.sibling();
    String second =
        sibling
            .writer()
            .header(KEY, key)
            .body(body)
            .post(REPOS)
            .then()
            .statusCode(201)
            .extract()
            .path("data.id");
    Project stranger = Project.fresh();
    String third =
        stranger
            .writer()
            .header(KEY, key)
            .body(body)
            .post(REPOS)
            .then()
            .statusCode(201)
            .extract()
            .path("data.id");
    assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
  }

  /**
   * A stored fingerprint must not let someone who reads the table confirm a guessed token: it is
   * keyed by the deployment and differs between tenants for the same body.
   */
  @Test
  void storedFingerprintsCannotConfirmAGuessedToken() throws Exception {
    String key = UUID.randomUUID().toString();
    String body = Api.github("ghp_guessable_i", "acme/api");
    Project one = Project.fresh();
    Project two = Project.fresh();
    one.writer().header(KEY, key).body(body).post(REPOS).then().statusCode(201);
    two.writer().header(KEY, key).body(body).post(REPOS).then().statusCode(201);
    String first = storedFingerprint(one, key);
    String second = storedFingerprint(two, key);
    assertThat(first).isNotEqualTo(second);

    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    byte[] canonical = RequestFingerprint.canonicalize(raw);
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    List<String> unkeyed =
        List.of(
            HexFormat.of().formatHex(sha256.digest(raw)),
            HexFormat.of().formatHex(sha256.digest(canonical)),
            // The former fingerprint: length-prefixed method, path and canonical body.
            HexFormat.of()
                .formatHex(
                    sha256.digest(
                        lengthPrefixed(
                            "POST".getBytes(StandardCharsets.UTF_8),
                            REPOS.getBytes(StandardCharsets.UTF_8),
                            canonical))));
    assertThat(List.of(first, second)).doesNotContainAnyElementsOf(unkeyed);
    assertThat(
            Db.number(
                dataSource,
                "SELECT count(*) FROM idempotency_key WHERE request_fingerprint = ANY (?)",
                (Object) unkeyed.toArray(String[]::new)))
        .isZero();
  }

  @Test
  void aDuplicateWhileTheFirstIsInFlightGets409() {
    Project p = Project.fresh();
    String key = UUID.randomUUID().toString();
    String body = Api.github("ghp_good_i", "acme/api");
    // The row a request in progress holds (claimed, not yet completed).
    Db.update(
        dataSource,
        "INSERT INTO idempotency_key (tenant_id, project_id, key, request_fingerprint, state,"
            + " expires_at) VALUES (?, ?, ?, ?, 'in_flight', now() + interval '1 day')",
        p.tenant(),
        p.project(),
        key,
        fingerprinter
            .of(p.tenant(), p.project(), "POST", REPOS, body.getBytes(StandardCharsets.UTF_8))
            .value());
    p.writer()
        .header(KEY, key)
        .body(body)
        .post(REPOS)
        .then()
        .statusCode(409)
        .body("error.code", equalTo("CONFLICT"));
    assertThat(connections(p)).isZero();
  }

  @Test
  void concurrentDuplicatesCreateOneConnection() throws Exception {
    Project p = Project.fresh();
    String key = UUID.randomUUID().toString();
    String body = Api.github("ghp_good_i", "acme/api");
    String token = p.token("config:write");
    List<Response> responses =
        AtOnce.send(
            8,
            Duration.ofSeconds(60),
            i ->
                RestAssured.given()
                    .auth()
                    .oauth2(token)
                    .contentType("application/json")
                    .header(KEY, key)
                    .body(body)
                    .post(REPOS));

    List<Response> created = responses.stream().filter(r -> r.statusCode() == 201).toList();
    assertThat(created).isNotEmpty();
    assertThat(created.stream().map(r -> r.jsonPath().getString("data.id")).distinct()).hasSize(1);
    assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isIn(201, 409));
    responses.stream()
        .filter(r -> r.statusCode() == 409)
        .forEach(r -> r.then().body("error.code", equalTo("CONFLICT")));
    assertThat(connections(p)).isEqualTo(1);
  }

  @Test
  void aFailedRequestReleasesItsKey() {
    Project p = Project.fresh("small");
    p.connect(Api.github("ghp_good_i", "acme/a", "acme/b"));
    String key = UUID.randomUUID().toString();
    String body = Api.github("ghp_good_i", "acme/c");
    p.writer().header(KEY, key).body(body).post(REPOS).then().statusCode(403);
    assertThat(
            Db.number(
                dataSource,
                "SELECT count(*) FROM idempotency_key WHERE tenant_id = ? AND key = ?",
                p.tenant(),
                key))
        .isZero();

    // Make room; the retry with the same key now does the work.
    String first = p.reader().get(REPOS).jsonPath().getString("data[0].id");
    p.writer().delete(REPOS + "/" + first).then().statusCode(200);
    p.writer().header(KEY, key).body(body).post(REPOS).then().statusCode(201);
    p.writer()
        .header(KEY, key)
        .body(body)
        .post(REPOS)
        .then()
        .statusCode(201)
        .header("Idempotent-Replayed", "true");
  }

  @Test
  void putHonoursTheKeyToo() {
    Project p = Project.fresh();
    String id = p.connect(Api.github("ghp_good_i", "acme/api"));
    String key = UUID.randomUUID().toString();
    String body = Api.body("github", null, List.of("acme/api", "acme/web"), true);
    Response first = p.writer().header(KEY, key).body(body).put(REPOS + "/" + id);
    first
        .then()
        .statusCode(200)
        .body("data.repositories.fullName", contains("acme/api", "acme/web"));
    Response again = p.writer().header(KEY, key).body(body).put(REPOS + "/" + id);
    again.then().statusCode(200).header("Idempotent-Replayed", "true");
    assertThat(again.asString()).isEqualTo(first.asString());
    assertThat(
            Db.number(
                dataSource,
                "SELECT count(*) FROM outbox_event WHERE message_key = ? AND event_type = ?",
                id,
                "repo.connected"))
        .isEqualTo(2);
    p.writer()
        .header(KEY, key)
        .body(Api.body("github", null, List.of("acme/api"), true))
        .put(REPOS + "/" + id)
        .then()
        .statusCode(422)
        .body("error.code", equalTo("IDEMPOTENCY_KEY_REUSED"));
  }

  @Test
  void malformedKeysAreRejected() {
    Project p = Project.fresh();
    p.writer()
        .header(KEY, "k".repeat(256))
        .body(Api.github("ghp_good_i", "acme/api"))
        .post(REPOS)
        .then()
        .statusCode(400)
        .body("error.code", equalTo("VALIDATION_ERROR"))
        .body("error.details.field", contains(KEY));
    assertThat(connections(p)).isZero();
  }

  private String storedFingerprint(Project p, String key) {
    return Db.text(
        dataSource,
        "SELECT request_fingerprint FROM idempotency_key"
            + " WHERE tenant_id = ? AND project_id = ? AND key = ?",
        p.tenant(),
        p.project(),
        key);
  }

  private static byte[] lengthPrefixed(byte[]... parts) {
    ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(b -> 4 + b.length).sum());
    for (byte[] part : parts) {
      out.putInt(part.length).put(part);
    }
    return out.array();
  }

  private long connections(Project p) {
    return Db.number(
        dataSource,
        "SELECT count(*) FROM repo_connection WHERE tenant_id = ? AND project_id = ?",
        p.tenant(),
        p.project());
  }
}
