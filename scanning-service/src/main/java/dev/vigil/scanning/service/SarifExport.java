package dev.vigil.scanning.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.scanning.domain.ApiLinks;
import dev.vigil.scanning.persistence.AnalysisEntity;
import dev.vigil.scanning.persistence.ResultBatch;
import dev.vigil.scanning.persistence.ScanRuleEntity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An analysis as SARIF 2.1.0 ({@code Accept: application/sarif+json}), as GitHub serves it: one run
 * with the tool, the rules its results use, the kept results with their locations and fingerprints,
 * and {@code github/alertNumber} / {@code github/alertUrl} per result.
 */
public final class SarifExport {

  public static final String MEDIA_TYPE = "application/sarif+json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private SarifExport() {}

  public static Map<String, Object> document(
      AnalysisEntity analysis,
      String fullName,
      List<ResultBatch.Row> results,
      Map<UUID, Long> alertNumbers,
      Map<String, ScanRuleEntity> rules,
      ApiLinks links) {
    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    List<Map<String, Object>> ruleList = new ArrayList<>();
    for (ResultBatch.Row r : results) {
      if (r.ruleId() != null && !ruleIndex.containsKey(r.ruleId())) {
        ruleIndex.put(r.ruleId(), ruleList.size());
        ruleList.add(rule(r.ruleId(), rules.get(r.ruleId())));
      }
    }
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", analysis.toolName);
    if (analysis.toolVersion != null) {
      driver.put("version", analysis.toolVersion);
    }
    if (analysis.toolGuid != null) {
      driver.put("guid", analysis.toolGuid);
    }
    driver.put("rules", ruleList);

    List<Map<String, Object>> resultList = new ArrayList<>(results.size());
    for (ResultBatch.Row r : results) {
      Map<String, Object> result = new LinkedHashMap<>();
      if (r.ruleId() != null) {
        result.put("ruleId", r.ruleId());
        result.put("ruleIndex", ruleIndex.get(r.ruleId()));
      }
      result.put("level", r.level());
      result.put("message", Map.of("text", r.message()));
      if (r.path() != null) {
        Map<String, Object> physical = new LinkedHashMap<>();
        physical.put("artifactLocation", Map.of("uri", r.path()));
        Map<String, Object> region = region(r);
        if (!region.isEmpty()) {
          physical.put("region", region);
        }
        result.put("locations", List.of(Map.of("physicalLocation", physical)));
      }
      Map<String, String> partial = new LinkedHashMap<>(readMap(r.partialFingerprints()));
      partial.putIfAbsent("primaryLocationLineHash", r.fingerprint());
      result.put("partialFingerprints", partial);
      Long number = alertNumbers.get(r.digest());
      if (number != null) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("github/alertNumber", number);
        properties.put("github/alertUrl", links.alert(fullName, number));
        result.put("properties", properties);
      }
      resultList.add(result);
    }

    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    if (!analysis.category.isEmpty()) {
      run.put("automationDetails", Map.of("id", analysis.category));
    }
    run.put("conversion", Map.of("tool", Map.of("driver", Map.of("name", "Vigil Code Scanning"))));
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("repositoryUri", links.htmlBase() + "/" + fullName);
    provenance.put("revisionId", analysis.commitSha);
    provenance.put("branch", analysis.ref);
    run.put("versionControlProvenance", List.of(provenance));
    run.put("results", resultList);

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    doc.put("version", "2.1.0");
    doc.put("runs", List.of(run));
    return doc;
  }

  private static Map<String, Object> rule(String id, ScanRuleEntity stored) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("id", id);
    if (stored == null) {
      return rule;
    }
    if (stored.name != null) {
      rule.put("name", stored.name);
    }
    if (stored.shortDescription != null) {
      rule.put("shortDescription", Map.of("text", stored.shortDescription));
    }
    if (stored.fullDescription != null) {
      rule.put("fullDescription", Map.of("text", stored.fullDescription));
    }
    if (stored.helpText != null || stored.helpMarkdown != null) {
      Map<String, Object> help = new LinkedHashMap<>();
      help.put("text", stored.helpText != null ? stored.helpText : stored.helpMarkdown);
      if (stored.helpMarkdown != null) {
        help.put("markdown", stored.helpMarkdown);
      }
      rule.put("help", help);
    }
    if (stored.helpUri != null) {
      rule.put("helpUri", stored.helpUri);
    }
    if (stored.defaultLevel != null) {
      rule.put("defaultConfiguration", Map.of("level", stored.defaultLevel));
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> tags = readList(stored.tags);
    if (!tags.isEmpty()) {
      properties.put("tags", tags);
    }
    if (stored.securitySeverity != null) {
      properties.put("security-severity", Double.toString(stored.securitySeverity));
    }
    if (!properties.isEmpty()) {
      rule.put("properties", properties);
    }
    return rule;
  }

  private static Map<String, Object> region(ResultBatch.Row r) {
    Map<String, Object> region = new LinkedHashMap<>();
    if (r.startLine() != null) {
      region.put("startLine", r.startLine());
    }
    if (r.startColumn() != null) {
      region.put("startColumn", r.startColumn());
    }
    if (r.endLine() != null) {
      region.put("endLine", r.endLine());
    }
    if (r.endColumn() != null) {
      region.put("endColumn", r.endColumn());
    }
    return region;
  }

  public static List<String> readList(String json) {
    if (json == null || json.isEmpty()) {
      return List.of();
    }
    try {
      return JSON.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }

  private static Map<String, String> readMap(String json) {
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, STRING_MAP);
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
