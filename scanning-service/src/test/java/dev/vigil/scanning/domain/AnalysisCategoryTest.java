package dev.vigil.scanning.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The category/run-id split GitHub documents for runAutomationDetails.id. */
class AnalysisCategoryTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "my-analysis/tool1/2021-02-01 | my-analysis/tool1/ | 2021-02-01",
        "my-analysis/tool1/           | my-analysis/tool1/ | ''",
        "my-analysis for tool1        | ''                | my-analysis for tool1",
        "/language:java/              | /language:java/   | ''",
        "null                         | ''                | ''"
      })
  void splitsAtTheLastSlash(String id, String category, String runId) {
    AnalysisCategory c = AnalysisCategory.fromAutomationId(id);
    assertThat(c.category()).isEqualTo(category);
    assertThat(c.runId()).isEqualTo(runId);
  }
}
