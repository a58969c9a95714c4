package dev.vigil.secrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** GitHub's {@code secret-scanning-pattern-configuration}, field for field. */
public record PatternConfiguration(
    @JsonProperty("pattern_config_version") String patternConfigVersion,
    @JsonProperty("provider_pattern_overrides") List<Override> providerPatternOverrides,
    @JsonProperty("custom_pattern_overrides") List<Override> customPatternOverrides) {

  /**
   * GitHub's {@code secret-scanning-pattern-override}. {@code custom_pattern_version} appears on
   * custom patterns only, {@code enterprise_setting} on an organization's provider patterns only.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Override(
      @JsonProperty("token_type") String tokenType,
      @JsonProperty("custom_pattern_version") String customPatternVersion,
      @JsonProperty("slug") String slug,
      @JsonProperty("display_name") String displayName,
      @JsonProperty("alert_total") long alertTotal,
      @JsonProperty("alert_total_percentage") long alertTotalPercentage,
      @JsonProperty("false_positives") long falsePositives,
      @JsonProperty("false_positive_rate") long falsePositiveRate,
      @JsonProperty("bypass_rate") long bypassRate,
      @JsonProperty("default_setting") String defaultSetting,
      @JsonProperty("setting") String setting,
      @JsonProperty("enterprise_setting") String enterpriseSetting) {}

  /** The answer to a PATCH: the level's new version. */
  public record Updated(@JsonProperty("pattern_config_version") String patternConfigVersion) {}
}
