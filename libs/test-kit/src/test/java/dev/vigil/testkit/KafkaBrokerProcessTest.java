package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaBrokerProcessTest {

  @Test
  void childClassPathSpellsOutManifestJarsAndLeavesOutQuarkusLogBootstrap() {
    List<String> entries = KafkaBrokerProcess.childClasspath();
    List<String> names = entries.stream().map(e -> Path.of(e).getFileName().toString()).toList();
    assertThat(names).anyMatch(n -> n.startsWith("kafka_2.13-"));
    assertThat(names).anyMatch(n -> n.startsWith("kafka-clients-"));
    assertThat(names).noneMatch(n -> n.startsWith("quarkus-bootstrap-runner"));
    assertThat(names).noneMatch(n -> n.startsWith("surefirebooter"));
    assertThat(entries).allMatch(e -> new File(e).exists());
  }
}
