package dev.vigil.repoconfig.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionRequestTest {

  @Test
  void credentialsToStringRedactsEveryValue() {
    Credentials c =
        new Credentials("ghp_TOPSECRET", "jdoe-user", "APPPASSWORD", "https://u:p@ghe.example");
    assertThat(c.toString())
        .doesNotContain("TOPSECRET", "jdoe-user", "APPPASSWORD", "ghe.example", "u:p")
        .contains("token=<redacted>", "username=<redacted>", "baseUrl=<redacted>");
    assertThat(new Credentials("t", null, null, null).toString()).contains("username=null");
  }

  @Test
  void requestToStringDoesNotLeakCredentials() {
    ConnectionRequest r =
        new ConnectionRequest(
            "github",
            new Credentials("ghp_TOPSECRET", null, null, null),
            List.of("acme/checkout-api"),
            null,
            null);
    assertThat(r.toString()).doesNotContain("TOPSECRET").contains("acme/checkout-api");
  }

  @Test
  void listsAreCopiedUnmodifiableAndKeepNulls() {
    List<String> repos = new ArrayList<>(Arrays.asList("a/b", null));
    ConnectionRequest r = new ConnectionRequest("github", null, repos, null, null);
    repos.add("c/d");
    assertThat(r.repositories()).containsExactly("a/b", null);
    assertThatThrownBy(() -> r.repositories().add("x/y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(r.serviceMappings()).isNull();
    assertThat(r.serviceMappingsOrEmpty()).isEmpty();
  }

  @Test
  void lookbackDaysDefaultsToThirty() {
    assertThat(new ConnectionRequest(null, null, null, null, null).effectiveLookbackDays())
        .isEqualTo(30);
    assertThat(new ConnectionRequest(null, null, null, null, 7).effectiveLookbackDays())
        .isEqualTo(7);
  }

  @Test
  void jacksonBindsTheDocumentedBody() throws Exception {
    String json =
        """
        {
          "platform": "github",
          "credentials": { "token": "ghp_abc", "baseUrl": "https://ghe.example/api/v3" },
          "repositories": ["acme/checkout-api", "acme/billing-worker"],
          "serviceMappings": [
            { "serviceName": "checkout-api", "repo": "acme/checkout-api",
              "pathPrefix": "src/", "defaultBranch": "main" }
          ],
          "lookbackDays": 30
        }
        """;
    ConnectionRequest r = new ObjectMapper().readValue(json, ConnectionRequest.class);
    assertThat(r.platform()).isEqualTo("github");
    assertThat(r.credentials().token()).isEqualTo("ghp_abc");
    assertThat(r.credentials().baseUrl()).isEqualTo("https://ghe.example/api/v3");
    assertThat(r.repositories()).containsExactly("acme/checkout-api", "acme/billing-worker");
    assertThat(r.serviceMappings())
        .containsExactly(new ServiceMapping("checkout-api", "acme/checkout-api", "src/", "main"));
    assertThat(r.lookbackDays()).isEqualTo(30);
    assertThat(ConnectionValidator.validate(r, false)).isEmpty();

    ConnectionRequest empty = new ObjectMapper().readValue("{}", ConnectionRequest.class);
    assertThat(empty.repositories()).isNull();
    assertThat(empty.lookbackDays()).isNull();
  }

  @Test
  void platformEnumMatchesExactWireNames() {
    assertThat(Platform.fromWireName("github")).contains(Platform.GITHUB);
    assertThat(Platform.fromWireName("gitlab")).contains(Platform.GITLAB);
    assertThat(Platform.fromWireName("bitbucket")).contains(Platform.BITBUCKET);
    assertThat(Platform.fromWireName("GitHub")).isEmpty();
    assertThat(Platform.fromWireName(null)).isEmpty();
    assertThat(Platform.BITBUCKET.credentialKind().dbValue()).isEqualTo("app_password");
    assertThat(Platform.GITLAB.credentialKind().dbValue()).isEqualTo("token");
  }
}
