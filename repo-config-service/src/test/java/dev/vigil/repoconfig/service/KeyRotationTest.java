package dev.vigil.repoconfig.service;

import static dev.vigil.repoconfig.support.Api.REPOS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.vigil.repoconfig.domain.ConnectionIds;
import dev.vigil.repoconfig.domain.CredentialCipher;
import dev.vigil.repoconfig.domain.Credentials;
import dev.vigil.repoconfig.domain.CredentialsCodec;
import dev.vigil.repoconfig.domain.KeyRing;
import dev.vigil.repoconfig.domain.SealedCredentials;
import dev.vigil.repoconfig.support.Api;
import dev.vigil.repoconfig.support.Api.Project;
import dev.vigil.repoconfig.support.Db;
import dev.vigil.repoconfig.support.FakePlatforms;
import dev.vigil.testkit.VigilTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Key rotation with the configured ring {k1, k2 (active)}: envelopes sealed under the old key k1
 * (as a deployment that ran with k1 active left them) still open, a re-wrap pass moves every one of
 * them to k2 without touching the credential ciphertext, and both old and new records decrypt
 * afterwards. An envelope under a key that is no longer configured is reported, not lost.
 */
@QuarkusTest
@QuarkusTestResource(VigilTestResource.class)
@QuarkusTestResource(FakePlatforms.class)
class KeyRotationTest {

  private static final String REWRAP = "/internal/v1/credentials/rewrap";

  @Inject DataSource dataSource;

  @ConfigProperty(name = "vigil.repo-config.kek.keys.\"k1\"")
  String oldKey;

  @Test
  void rewrapMovesEveryEnvelopeToTheActiveKeyAndAllStillDecrypt() throws Exception {
    Project p = Project.fresh();
    // Sealed by the service itself, under the active key k2.
    Map<String, String> tokens = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      String token = Api.secret("ghp_goodNew");
      tokens.put(p.connect(Api.github(token, "acme/new-" + i)), token);
    }
    // Sealed under the old key k1, as before the rotation.
    CredentialCipher old =
        new CredentialCipher(KeyRing.of(Map.of("k1", Base64.getDecoder().decode(oldKey)), "k1"));
    Map<String, byte[]> oldCiphertexts = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      String token = Api.secret("ghp_goodOld");
      String id = insertLegacy(p, old, token, "acme/old-" + i);
      tokens.put(id, token);
      oldCiphertexts.put(id, column(id, "credential_ciphertext"));
    }
    // Wrapped under a key that is not configured any more: cannot be re-wrapped.
    CredentialCipher lost = new CredentialCipher(KeyRing.of(Map.of("k0", randomKey()), "k0"));
    String orphan = insertLegacy(p, lost, Api.secret("ghp_lost"), "acme/orphan");

    // Before the pass both generations decrypt.
    tokens.forEach((id, token) -> assertDecryptsTo(p, id, token));

    p.service("operator")
        .post(REWRAP)
        .then()
        .statusCode(200)
        .body("success", equalTo(true))
        .body("data.activeKeyId", equalTo("k2"))
        .body("data.failed", equalTo(1))
        .body("data.remaining", equalTo(1));

    for (String id : tokens.keySet()) {
      assertThat(kekId(id)).isEqualTo("k2");
    }
    // Only the data key was re-wrapped; the credential ciphertext is untouched.
    oldCiphertexts.forEach(
        (id, ciphertext) -> assertThat(column(id, "credential_ciphertext")).isEqualTo(ciphertext));
    tokens.forEach((id, token) -> assertDecryptsTo(p, id, token));
    assertThat(kekId(orphan)).isEqualTo("k0");

    // A second pass has nothing left but the orphan.
    p.service("operator").post(REWRAP).then().statusCode(200).body("data.rewrapped", equalTo(0));
    Db.update(dataSource, "DELETE FROM repo_connection WHERE id = ?", orphan);
    p.service("operator").post(REWRAP).then().statusCode(200).body("data.remaining", equalTo(0));
  }

  @Test
  void aReplaceWithoutCredentialsRewrapsTheEnvelopeItLocks() throws Exception {
    Project p = Project.fresh();
    CredentialCipher old =
        new CredentialCipher(KeyRing.of(Map.of("k1", Base64.getDecoder().decode(oldKey)), "k1"));
    String token = Api.secret("ghp_goodOld");
    String id = insertLegacy(p, old, token, "acme/legacy");
    p.writer()
        .body(Api.body("github", null, List.of("acme/legacy", "acme/legacy-2"), false))
        .put(REPOS + "/" + id)
        .then()
        .statusCode(200);
    assertThat(kekId(id)).isEqualTo("k2");
    assertDecryptsTo(p, id, token);
  }

  @Test
  void onlyOperatorsMayRotate() {
    Project p = Project.fresh();
    p.service("sync-service")
        .post(REWRAP)
        .then()
        .statusCode(403)
        .body("error.code", equalTo("FORBIDDEN"));
    p.writer().post(REWRAP).then().statusCode(403);
    io.restassured.RestAssured.given().post(REWRAP).then().statusCode(401);
  }

  private void assertDecryptsTo(Project p, String id, String token) {
    p.service("sync-service")
        .get("/internal/v1/connections/" + id + "/credentials")
        .then()
        .statusCode(200)
        .body("data.credentials.token", equalTo(token));
  }

  /** Inserts a connection with one repository as an older deployment would have stored it. */
  private String insertLegacy(Project p, CredentialCipher cipher, String token, String repo)
      throws SQLException {
    String id = ConnectionIds.newId();
    byte[] plaintext = CredentialsCodec.encode(new Credentials(token, null, null, null));
    SealedCredentials sealed = cipher.seal(plaintext, CredentialCipher.contextFor(p.tenant(), id));
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO repo_connection (id, tenant_id, project_id, platform, credential_kind,"
                  + " kek_id, wrapped_data_key, data_key_iv, credential_iv, credential_ciphertext)"
                  + " VALUES (?, ?, ?, 'github', 'token', ?, ?, ?, ?, ?)")) {
        insert.setString(1, id);
        insert.setObject(2, p.tenant());
        insert.setObject(3, p.project());
        insert.setString(4, sealed.kekId());
        insert.setBytes(5, sealed.wrappedDataKey());
        insert.setBytes(6, sealed.dataKeyIv());
        insert.setBytes(7, sealed.dataIv());
        insert.setBytes(8, sealed.ciphertext());
        insert.executeUpdate();
      }
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO connected_repository (connection_id, tenant_id, project_id, full_name,"
                  + " position) VALUES (?, ?, ?, ?, 0)")) {
        insert.setString(1, id);
        insert.setObject(2, p.tenant());
        insert.setObject(3, p.project());
        insert.setString(4, repo);
        insert.executeUpdate();
      }
      try (PreparedStatement count =
          c.prepareStatement(
              "INSERT INTO project_repo_count (tenant_id, project_id, repo_count) VALUES (?, ?, 1)"
                  + " ON CONFLICT (tenant_id, project_id)"
                  + " DO UPDATE SET repo_count = project_repo_count.repo_count + 1")) {
        count.setObject(1, p.tenant());
        count.setObject(2, p.project());
        count.executeUpdate();
      }
      c.commit();
    }
    return id;
  }

  private String kekId(String id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT kek_id FROM repo_connection WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] column(String id, String column) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT " + column + " FROM repo_connection WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getBytes(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
