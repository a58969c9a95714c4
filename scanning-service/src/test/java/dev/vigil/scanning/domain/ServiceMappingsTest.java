package dev.vigil.scanning.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceMappingsTest {

  @Test
  void longestMatchingPrefixWins() {
    ServiceMappings mappings =
        ServiceMappings.parse(
            "[{\"serviceName\":\"root\",\"pathPrefix\":\"\"},"
                + "{\"serviceName\":\"api\",\"pathPrefix\":\"services/api\"},"
                + "{\"serviceName\":\"billing\",\"pathPrefix\":\"services/api/billing/\"}]");
    assertThat(mappings.serviceFor("services/api/billing/Invoice.java")).isEqualTo("billing");
    assertThat(mappings.serviceFor("services/api/Main.java")).isEqualTo("api");
    assertThat(mappings.serviceFor("services/apix/Main.java")).isEqualTo("root");
    assertThat(mappings.serviceFor("README.md")).isEqualTo("root");
    assertThat(mappings.serviceFor(null)).isNull();
  }

  @Test
  void noMappingOrUnreadableJsonMeansNoService() {
    assertThat(ServiceMappings.parse("[]").serviceFor("a/b")).isNull();
    assertThat(ServiceMappings.parse("not json").serviceFor("a/b")).isNull();
    assertThat(
            ServiceMappings.parse("[{\"serviceName\":\"web\",\"pathPrefix\":\"web\"}]")
                .serviceFor("api/x"))
        .isNull();
  }
}
