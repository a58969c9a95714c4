package dev.vigil.scanning.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Response bodies, field for field as GitHub's OpenAPI description of code scanning names them.
 * Nullable fields GitHub always sends are written as {@code null}; optional ones are left out.
 */
public final class Views {

  private Views() {}

  /** {@code code-scanning-sarifs-receipt}. */
  public record SarifReceipt(String id, String url) {}

  /** {@code code-scanning-sarifs-status}. */
  public record SarifStatus(
      @JsonProperty("processing_status") String processingStatus,
      @JsonProperty("analyses_url") String analysesUrl,
      List<String> errors) {}

  /** {@code code-scanning-analysis-tool}. */
  public record Tool(String name, String version, String guid) {}

  /** {@code code-scanning-analysis}. */
  public record Analysis(
      String ref,
      @JsonProperty("commit_sha") String commitSha,
      @JsonProperty("analysis_key") String analysisKey,
      String environment,
      String category,
      String error,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("results_count") int resultsCount,
      @JsonProperty("rules_count") int rulesCount,
      long id,
      String url,
      @JsonProperty("sarif_id") String sarifId,
      Tool tool,
      boolean deletable,
      String warning) {}

  /** {@code code-scanning-analysis-deletion}. */
  public record AnalysisDeletion(
      @JsonProperty("next_analysis_url") String nextAnalysisUrl,
      @JsonProperty("confirm_delete_url") String confirmDeleteUrl) {}

  /** {@code code-scanning-alert-rule} (and its summary form in lists). */
  public record Rule(
      String id,
      String name,
      String severity,
      @JsonProperty("security_severity_level") String securitySeverityLevel,
      String description,
      @JsonProperty("full_description") String fullDescription,
      List<String> tags,
      String help,
      @JsonProperty("help_uri") String helpUri) {}

  /** {@code code-scanning-alert-location}; absent parts are left out. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Location(
      String path,
      @JsonProperty("start_line") Integer startLine,
      @JsonProperty("end_line") Integer endLine,
      @JsonProperty("start_column") Integer startColumn,
      @JsonProperty("end_column") Integer endColumn) {}

  /** An instance's {@code message}. */
  public record Message(String text) {}

  /** {@code code-scanning-alert-instance} and {@code code-scanning-alert-instance-list}. */
  public record Instance(
      String ref,
      @JsonProperty("analysis_key") String analysisKey,
      String environment,
      String category,
      String state,
      @JsonProperty("commit_sha") String commitSha,
      Message message,
      Location location,
      List<String> classifications) {}

  /** {@code simple-user}: the member who dismissed an alert. */
  public record SimpleUser(
      String login,
      long id,
      @JsonProperty("node_id") String nodeId,
      @JsonProperty("avatar_url") String avatarUrl,
      @JsonProperty("gravatar_id") String gravatarId,
      String url,
      @JsonProperty("html_url") String htmlUrl,
      @JsonProperty("followers_url") String followersUrl,
      @JsonProperty("following_url") String followingUrl,
      @JsonProperty("gists_url") String gistsUrl,
      @JsonProperty("starred_url") String starredUrl,
      @JsonProperty("subscriptions_url") String subscriptionsUrl,
      @JsonProperty("organizations_url") String organizationsUrl,
      @JsonProperty("repos_url") String reposUrl,
      @JsonProperty("events_url") String eventsUrl,
      @JsonProperty("received_events_url") String receivedEventsUrl,
      String type,
      @JsonProperty("site_admin") boolean siteAdmin) {}

  /** {@code code-scanning-alert} and {@code code-scanning-alert-items}. */
  public record Alert(
      long number,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("updated_at") String updatedAt,
      String url,
      @JsonProperty("html_url") String htmlUrl,
      @JsonProperty("instances_url") String instancesUrl,
      String state,
      @JsonProperty("fixed_at") String fixedAt,
      @JsonProperty("dismissed_by") SimpleUser dismissedBy,
      @JsonProperty("dismissed_at") String dismissedAt,
      @JsonProperty("dismissed_reason") String dismissedReason,
      @JsonProperty("dismissed_comment") String dismissedComment,
      Rule rule,
      Tool tool,
      @JsonProperty("most_recent_instance") Instance mostRecentInstance) {}
}
