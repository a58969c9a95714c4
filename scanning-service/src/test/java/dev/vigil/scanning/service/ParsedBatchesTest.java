package dev.vigil.scanning.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.scanning.domain.SarifException;
import dev.vigil.scanning.domain.SarifParseOptions;
import dev.vigil.scanning.domain.SarifSource;
import dev.vigil.scanning.domain.SarifStreamParser;
import dev.vigil.scanning.persistence.ResultBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The parser thread's hand-over: order, batch sizes, failures and an early stop. */
class ParsedBatchesTest {

  @Test
  void runsAndBatchesArriveInDocumentOrder() {
    int first = ParsedBatches.BATCH_SIZE * 2 + 100;
    List<String> items = new ArrayList<>();
    List<Integer> ordinals = new ArrayList<>();
    try (ParsedBatches batches = start(sarif(first, 3))) {
      for (ParsedBatches.Item item = batches.next();
          !(item instanceof ParsedBatches.Done);
          item = batches.next()) {
        switch (item) {
          case ParsedBatches.RunStart start -> items.add("run " + start.run().index());
          case ParsedBatches.Batch batch -> {
            items.add("batch " + batch.rows().size());
            if (items.size() <= 4) {
              batch.rows().stream().map(ResultBatch.Row::ordinal).forEach(ordinals::add);
            }
          }
          case ParsedBatches.Done done -> throw new AssertionError();
        }
      }
    }
    assertThat(items)
        .containsExactly(
            "run 0",
            "batch " + ParsedBatches.BATCH_SIZE,
            "batch " + ParsedBatches.BATCH_SIZE,
            "batch 100",
            "run 1",
            "batch 3");
    assertThat(ordinals).isSorted().hasSize(first).doesNotHaveDuplicates();
  }

  @Test
  void aParseFailureReachesTheWriter() {
    try (ParsedBatches batches = start("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":")) {
      assertThatThrownBy(batches::next).isInstanceOf(SarifException.class);
    }
  }

  @Test
  void closingEarlyStopsTheParser() {
    ParsedBatches batches = start(sarif(5_000, 5_000));
    assertThat(batches.next()).isInstanceOf(ParsedBatches.RunStart.class);
    batches.close();
    assertThat(batches.parsing()).isFalse();
  }

  private static ParsedBatches start(String json) {
    return ParsedBatches.start(
        UUID.randomUUID(),
        new SarifStreamParser(SarifParseOptions.defaults()),
        SarifSource.of(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** Two runs with the given numbers of distinct results. */
  private static String sarif(int firstRun, int secondRun) {
    return "{\"version\":\"2.1.0\",\"runs\":["
        + run(firstRun, "a")
        + ","
        + run(secondRun, "b")
        + "]}";
  }

  private static String run(int results, String category) {
    StringBuilder run =
        new StringBuilder(
            "{\"tool\":{\"driver\":{\"name\":\"T\",\"rules\":[{\"id\":\"r\"}]}},"
                + "\"automationDetails\":{\"id\":\""
                + category
                + "/\"},\"results\":[");
    for (int i = 0; i < results; i++) {
      run.append(i == 0 ? "" : ",")
          .append("{\"ruleId\":\"r\",\"message\":{\"text\":\"m\"},\"locations\":[{")
          .append("\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"src/F")
          .append(i)
          .append(".java\"},\"region\":{\"startLine\":1}}}]}");
    }
    return run.append("]}").toString();
  }
}
