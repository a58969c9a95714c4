package dev.vigil.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The five services start from their production builds and report ready on real infrastructure. */
class SuiteReadinessTest {

  private static VigilSystem system;

  @BeforeAll
  static void start() {
    system = VigilSystem.get();
  }

  static java.util.List<String> services() {
    return ServiceNames.ALL;
  }

  @ParameterizedTest
  @MethodSource("services")
  void serviceIsLiveAndServesItsOpenApiDocument(String name) {
    String url = system.service(name).url();
    given().get(url + "/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get(url + "/q/openapi").then().statusCode(200);
  }
}
