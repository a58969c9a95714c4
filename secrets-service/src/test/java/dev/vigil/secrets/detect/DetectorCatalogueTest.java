package dev.vigil.secrets.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every detector of the catalogue, on its own true-positive sample and on a false-positive one
 * derived from it (the secret replaced by a placeholder). Plain JUnit: no Quarkus start.
 */
public class DetectorCatalogueTest {

  private static final SecretScanner ENGINE = SecretScanner.standard();
  private static final Set<String> FAMILIES =
      Set.of("apikey", "private_key", "username_password", "other");

  @Test
  void catalogueHasAtLeast150NamedDetectors() {
    List<Detector> all = DetectorCatalogue.all();
    assertThat(all).hasSizeGreaterThanOrEqualTo(150);
    assertThat(all.stream().map(Detector::name).collect(Collectors.toSet())).hasSize(all.size());
    for (Detector d : all) {
      assertThat(d.name()).matches("[a-z0-9_]+");
      assertThat(d.groupName()).matches("[a-z0-9_]+");
      assertThat(d.displayName()).isNotBlank();
      assertThat(d.groupDisplayName()).isNotBlank();
      assertThat(d.nature()).isIn("specific", "generic");
      assertThat(d.family()).isIn(FAMILIES);
      assertThat(d.documentationUrl()).startsWith("https://docs.gitguardian.com/");
    }
  }

  @TestFactory
  List<DynamicTest> everyDetectorFindsItsSampleAndRejectsAPlaceholder() throws IOException {
    Map<String, String> samples = samples();
    samples.put("vigil_api_token", "VIGIL_TOKEN=" + vigilToken());
    List<DynamicTest> tests = new ArrayList<>();
    for (Detector detector : DetectorCatalogue.all()) {
      tests.add(
          DynamicTest.dynamicTest(
              detector.name(),
              () -> {
                assertThat(samples)
                    .as("a sample for " + detector.name())
                    .containsKey(detector.name());
                String document = "config:\n  " + samples.get(detector.name()) + "\n";
                List<Finding> found = ENGINE.scan(document);
                assertThat(found)
                    .extracting(f -> f.detector().name())
                    .containsExactly(detector.name());
                SecretMatch secret = found.get(0).matches().getLast();
                assertThat(document.codePointCount(0, document.length()))
                    .isGreaterThan(secret.indexEnd());
                String placeholder = "x".repeat(secret.match().length());
                String fake =
                    document.substring(0, document.offsetByCodePoints(0, secret.indexStart()))
                        + placeholder
                        + document.substring(document.offsetByCodePoints(0, secret.indexEnd() + 1));
                assertThat(ENGINE.scan(fake))
                    .as("placeholder in place of the secret")
                    .extracting(f -> f.detector().name())
                    .doesNotContain(detector.name());
              }));
    }
    return tests;
  }

  static String vigilToken() {
    String random = "Q7fK2mZp9XcV4bN8sT1wE6yR3uI0oPaL";
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(random.getBytes(StandardCharsets.US_ASCII));
    return "vgl_" + random + Validators.base62(crc.getValue());
  }

  public static Map<String, String> samples() throws IOException {
    Map<String, String> samples = new LinkedHashMap<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                DetectorCatalogueTest.class.getResourceAsStream("/detect/detector-samples.tsv"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        int tab = line.indexOf('\t');
        samples.put(line.substring(0, tab), unescape(line.substring(tab + 1)));
      }
    }
    return samples;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        out.append(
            switch (n) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              default -> n;
            });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
