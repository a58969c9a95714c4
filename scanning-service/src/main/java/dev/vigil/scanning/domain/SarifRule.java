package dev.vigil.scanning.domain;

import java.util.List;
import java.util.Map;

/**
 * A rule ({@code reportingDescriptor}) of a run, from {@code tool.driver.rules} or {@code
 * tool.extensions[].rules}.
 *
 * @param id rule id.
 * @param name rule name, or null.
 * @param shortDescription {@code shortDescription.text}, or null.
 * @param fullDescription {@code fullDescription.text}, or null.
 * @param helpText {@code help.text}, or null.
 * @param helpMarkdown {@code help.markdown}, or null.
 * @param helpUri {@code helpUri}, or null.
 * @param defaultLevel {@code defaultConfiguration.level}, or null.
 * @param tags {@code properties.tags}, at most {@link SarifLimits#keptTagsPerRule()} of them.
 * @param securitySeverity {@code properties["security-severity"]} score, or null.
 * @param precision {@code properties.precision}, or null.
 * @param problemSeverity {@code properties["problem.severity"]}, or null.
 * @param toolComponent -1 for the driver, else the index in {@code tool.extensions}.
 * @param index the rule's index in its component's {@code rules}.
 * @param messageStrings {@code messageStrings} id → text, for results that use {@code message.id}.
 */
public record SarifRule(
    String id,
    String name,
    String shortDescription,
    String fullDescription,
    String helpText,
    String helpMarkdown,
    String helpUri,
    Level defaultLevel,
    List<String> tags,
    Double securitySeverity,
    String precision,
    String problemSeverity,
    int toolComponent,
    int index,
    Map<String, String> messageStrings) {

  /** Copies the collections. */
  public SarifRule {
    id = SarifStrings.identifier("rule id", id);
    name = SarifStrings.identifier("rule name", name);
    shortDescription = SarifStrings.text(shortDescription);
    fullDescription = SarifStrings.text(fullDescription);
    helpText = SarifStrings.text(helpText);
    helpMarkdown = SarifStrings.text(helpMarkdown);
    helpUri = SarifStrings.path("helpUri", helpUri);
    precision = SarifStrings.identifier("precision", precision);
    problemSeverity = SarifStrings.identifier("problem.severity", problemSeverity);
    tags = SarifStrings.identifiers("tags", tags);
    messageStrings = SarifStrings.textMap("messageStrings", messageStrings);
    tags = tags == null ? List.of() : List.copyOf(tags);
    messageStrings = messageStrings == null ? Map.of() : Map.copyOf(messageStrings);
  }

  /** GitHub's security_severity_level for this rule, or null when it is not a security rule. */
  public SecuritySeverityLevel securitySeverityLevel() {
    return SecuritySeverityLevel.fromScore(securitySeverity);
  }
}
