package dev.vigil.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Services talk to each other over HTTP and Kafka only: no service's code may use another service's
 * classes, and libraries never depend on services. Domain code stays free of HTTP and persistence
 * frameworks.
 */
class ModuleBoundariesTest {

  private static final List<String> SERVICES =
      List.of("gateway", "sync", "scanning", "secrets", "repoconfig");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vigil");
  }

  static List<String> services() {
    return SERVICES;
  }

  @ParameterizedTest
  @MethodSource("services")
  void serviceDependsOnNoOtherService(String service) {
    String[] others =
        SERVICES.stream()
            .filter(s -> !s.equals(service))
            .map(s -> "dev.vigil." + s + "..")
            .toArray(String[]::new);
    noClasses()
        .that()
        .resideInAPackage("dev.vigil." + service + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others)
        .allowEmptyShould(true)
        .check(classes);
  }

  @ParameterizedTest
  @MethodSource("services")
  void librariesDoNotDependOnServices(String service) {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.vigil.kit..",
            "dev.vigil.contracts..",
            "dev.vigil.platform..",
            "dev.vigil.testkit..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.vigil." + service + "..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @ParameterizedTest
  @MethodSource("services")
  void domainCodeIsFreeOfHttpAndPersistenceFrameworks(String service) {
    noClasses()
        .that()
        .resideInAPackage("dev.vigil." + service + ".domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "jakarta.ws.rs..", "jakarta.persistence..", "io.vertx..", "org.hibernate..")
        .allowEmptyShould(true)
        .check(classes);
  }
}
