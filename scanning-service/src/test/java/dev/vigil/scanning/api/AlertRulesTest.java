package dev.vigil.scanning.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.kit.errors.ApiException;
import dev.vigil.scanning.persistence.AlertInstanceEntity;
import dev.vigil.scanning.service.AlertService;
import dev.vigil.scanning.service.Directions;
import dev.vigil.scanning.service.Refs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert rules that need no database: PATCH body validation and where state is decided. */
class AlertRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void patchBodyFollowsGitHubsSchema() throws Exception {
    assertThat(AlertResource.readUpdate(JSON.readTree("{\"state\":\"open\"}")).state())
        .isEqualTo("open");
    AlertService.Update dismiss =
        AlertResource.readUpdate(
            JSON.readTree(
                "{\"state\":\"dismissed\",\"dismissed_reason\":\"used in tests\","
                    + "\"dismissed_comment\":\""
                    + "é".repeat(280)
                    + "\",\"create_request\":true}"));
    assertThat(dismiss.dismissedReason()).isEqualTo("used in tests");
    assertThat(AlertResource.readUpdate(JSON.readTree("{\"assignees\":[]}")).state()).isNull();
    for (String bad :
        List.of(
            "{}",
            "[]",
            "{\"state\":\"fixed\"}",
            "{\"state\":1}",
            "{\"state\":\"dismissed\",\"dismissed_reason\":\"meh\"}",
            "{\"state\":\"dismissed\",\"dismissed_reason\":\"won't fix\",\"dismissed_comment\":\""
                + "x".repeat(281)
                + "\"}")) {
      assertThatThrownBy(() -> AlertResource.readUpdate(JSON.readTree(bad)))
          .as(bad)
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(422));
    }
  }

  @Test
  void stateIsDecidedOnTheDefaultBranchWhenTheAlertWasSeenThere() {
    AlertInstanceEntity mainFixed = instance("refs/heads/main", "fixed", 1);
    AlertInstanceEntity featureOpen = instance("refs/heads/feature", "open", 2);
    AlertInstanceEntity prOpen = instance("refs/pull/4/merge", "open", 3);
    assertThat(AlertService.openAtHome(List.of(mainFixed, featureOpen), "refs/heads/main"))
        .isFalse();
    assertThat(AlertService.openAtHome(List.of(featureOpen, prOpen), "refs/heads/main")).isTrue();
    assertThat(AlertService.openAtHome(List.of(mainFixed), null)).isFalse();
    assertThat(AlertService.openAtHome(List.of(mainFixed, prOpen), null)).isTrue();
    assertThat(AlertService.mostRecent(List.of(mainFixed, prOpen), "refs/heads/main"))
        .isSameAs(mainFixed);
    assertThat(AlertService.mostRecent(List.of(prOpen, featureOpen), "refs/heads/dev"))
        .isSameAs(featureOpen);
    assertThat(AlertService.mostRecent(List.of(), "refs/heads/main")).isNull();
  }

  @Test
  void refsAreReadAsGitHubReadsThem() {
    assertThat(Refs.of("main", null)).isEqualTo("refs/heads/main");
    assertThat(Refs.of("refs/tags/v1", null)).isEqualTo("refs/tags/v1");
    assertThat(Refs.of(null, 42)).isEqualTo("refs/pull/42/merge");
    assertThat(Refs.of(null, null)).isNull();
    assertThatThrownBy(() -> Refs.of("main", 1)).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> Directions.ascending("sideways")).isInstanceOf(ApiException.class);
  }

  private static AlertInstanceEntity instance(String ref, String state, int secondsAgo) {
    AlertInstanceEntity i = new AlertInstanceEntity();
    i.ref = ref;
    i.state = state;
    i.seenAt = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(100 - secondsAgo * 10L);
    return i;
  }
}
