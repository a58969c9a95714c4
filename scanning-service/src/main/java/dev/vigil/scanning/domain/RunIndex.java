package dev.vigil.scanning.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the index pass learns about one run: its metadata (wherever it sits in the run object),
 * result count, which results are kept, and per-result data small enough to hold for every result
 * (rule reference, level, location and step counts). Turns a {@link RawResult} into a {@link
 * SarifResult} in the emit pass.
 */
final class RunIndex {

  /** A tool component as collected. */
  static final class Component {
    String name;
    String version;
    String semanticVersion;
    String guid;
    final List<SarifRule> rules = new ArrayList<>();
    final Map<String, SarifRule> rulesById = new HashMap<>();
    final Map<String, String> globalMessageStrings = new HashMap<>();

    ToolInfo info(String fallbackName) {
      return new ToolInfo(
          name != null && !name.isBlank() ? name : fallbackName,
          semanticVersion != null ? semanticVersion : version,
          guid);
    }

    void addRule(SarifRule rule) {
      rules.add(rule);
      if (rule.id() != null) {
        rulesById.putIfAbsent(rule.id(), rule);
      }
    }
  }

  /** A result's rule reference, deduplicated across results. */
  record RuleRef(
      String ruleId, int index, String refId, int component, String componentName, String guid) {}

  private static final byte KIND_NOT_FAIL = 8;

  final int index;
  Component driver = new Component();
  final List<Component> extensions = new ArrayList<>();
  String automationId;
  final Map<String, RepositoryPaths.Ref> bases = new HashMap<>();
  final List<RepositoryPaths.Ref> artifacts = new ArrayList<>();
  String workingDirectory;
  int rulesCount;
  int droppedTags;
  int resultCount;

  // Per-result data of the index pass, released once the run is summarised.
  private final Map<RuleRef, RuleRef> refPool = new HashMap<>();
  private List<RuleRef> refs = new ArrayList<>();
  private byte[] levels = new byte[64];
  private int[] locationCounts = new int[64];
  private int[] stepCounts = new int[64];
  private final Set<String> schemes = new HashSet<>();
  private final Set<String> usedBaseIds = new HashSet<>();
  private final BitSet usedArtifacts = new BitSet();

  // Set by finish().
  private BitSet kept;
  private SarifRun run;
  private RepositoryPaths paths;

  RunIndex(int index) {
    this.index = index;
  }

  /** Records one result of the index pass. */
  void addResult(RawResult r) {
    int i = resultCount++;
    if (i == levels.length) {
      int size = levels.length * 2;
      levels = Arrays.copyOf(levels, size);
      locationCounts = Arrays.copyOf(locationCounts, size);
      stepCounts = Arrays.copyOf(stepCounts, size);
    }
    RuleRef ref =
        new RuleRef(
            r.ruleId,
            r.effectiveRuleIndex(),
            r.refId,
            r.componentIndex,
            r.componentName,
            r.componentGuid);
    refs.add(refPool.computeIfAbsent(ref, k -> k));
    Level level = Level.fromSarif(r.level);
    byte code = (byte) (level == null ? 0 : level.ordinal() + 1);
    if (r.kind != null && !r.kind.equals("fail")) {
      code |= KIND_NOT_FAIL;
    }
    levels[i] = code;
    locationCounts[i] = r.locationCount;
    stepCounts[i] = r.stepCount;
  }

  /** Notes an artifact a result location refers to, for the source-root scheme check. */
  void noteArtifact(String uri, String uriBaseId, Integer artifactIndex) {
    if (uri == null || uri.isEmpty()) {
      if (artifactIndex != null) {
        usedArtifacts.set(artifactIndex);
      }
      return;
    }
    String scheme = Uris.scheme(Uris.windowsToUri(uri));
    if (scheme != null) {
      schemes.add(scheme);
    } else if (uriBaseId != null) {
      usedBaseIds.add(uriBaseId);
    }
  }

  /**
   * Completes the run after the index pass has read all of it: checks the source-root scheme rule,
   * picks the kept results and builds the public metadata.
   */
  void finish(SarifParseOptions options) {
    SarifLimits limits = options.limits();
    SourceRoot root = options.checkoutRoot();
    if (root == null && workingDirectory != null) {
      root = SourceRoot.parse(workingDirectory);
    }
    paths = new RepositoryPaths(root, bases, artifacts);
    if (root != null) {
      checkSchemes(root);
    }

    int keep = Math.min(resultCount, limits.keptResultsPerRun());
    kept = resultCount > keep ? mostSevere(keep) : null;
    int droppedLocations = 0;
    int droppedSteps = 0;
    for (int i = 0; i < resultCount; i++) {
      if (kept == null || kept.get(i)) {
        droppedLocations += Math.max(0, locationCounts[i] - limits.keptLocationsPerResult());
        droppedSteps += Math.max(0, stepCounts[i] - limits.keptThreadFlowLocationsPerResult());
      }
    }

    String toolName =
        options.toolName() != null ? options.toolName() : SarifParseOptions.DEFAULT_TOOL_NAME;
    ToolInfo tool = driver.info(toolName);
    AnalysisCategory category = AnalysisCategory.fromAutomationId(automationId);
    AnalysisSummary summary =
        new AnalysisSummary(
            index,
            tool,
            category.category(),
            automationId,
            resultCount,
            keep,
            rulesCount,
            new AnalysisSummary.Dropped(
                resultCount - keep, droppedLocations, droppedSteps, droppedTags));
    List<SarifRule> rules = new ArrayList<>(driver.rules);
    List<ToolInfo> extensionInfos = new ArrayList<>();
    for (Component extension : extensions) {
      rules.addAll(extension.rules);
      extensionInfos.add(extension.info(null));
    }
    run = new SarifRun(index, tool, extensionInfos, category, root, rules, summary);

    refs = null;
    refPool.clear();
    levels = null;
    locationCounts = null;
    stepCounts = null;
  }

  SarifRun run() {
    return run;
  }

  AnalysisSummary summary() {
    return run.summary();
  }

  boolean isKept(int ordinal) {
    return kept == null || kept.get(ordinal);
  }

  /** GitHub: with a source root, every absolute result URI must use the root's scheme. */
  private void checkSchemes(SourceRoot root) {
    Set<String> all = new HashSet<>(schemes);
    for (String baseId : usedBaseIds) {
      String scheme = paths.absoluteScheme(new RepositoryPaths.Ref("x", baseId));
      if (scheme != null) {
        all.add(scheme);
      }
    }
    for (int i = usedArtifacts.nextSetBit(0); i >= 0; i = usedArtifacts.nextSetBit(i + 1)) {
      if (i < artifacts.size()) {
        String scheme = paths.absoluteScheme(artifacts.get(i));
        if (scheme != null) {
          all.add(scheme);
        }
      }
    }
    for (String scheme : all) {
      if (!scheme.equals(root.scheme())) {
        throw new SarifException(
            SarifException.Reason.INVALID_SARIF,
            "run "
                + index
                + " has absolute artifact URIs whose scheme differs from the source root's scheme "
                + root.scheme());
      }
    }
  }

  /** Ordinals of the {@code keep} most severe results (ties: earlier first). */
  private BitSet mostSevere(int keep) {
    int[] rank = new int[resultCount];
    double[] score = new double[resultCount];
    for (int i = 0; i < resultCount; i++) {
      RuleRef ref = refs.get(i);
      SarifRule rule =
          resolve(
              ref.ruleId(),
              ref.index(),
              ref.refId(),
              ref.component(),
              ref.componentName(),
              ref.guid());
      int code = levels[i] & 7;
      Level explicit = code == 0 ? null : Level.values()[code - 1];
      String kind = (levels[i] & KIND_NOT_FAIL) != 0 ? "notFail" : null;
      Level level = Level.effective(explicit, kind, rule);
      SecuritySeverityLevel security = rule == null ? null : rule.securitySeverityLevel();
      rank[i] = severityRank(level, security);
      score[i] = security == null ? 0.0 : rule.securitySeverity();
    }
    Integer[] order = new Integer[resultCount];
    for (int i = 0; i < resultCount; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        Comparator.<Integer>comparingInt(i -> -rank[i])
            .thenComparingDouble(i -> -score[i])
            .thenComparingInt(i -> i));
    BitSet result = new BitSet(resultCount);
    for (int i = 0; i < keep; i++) {
      result.set(order[i]);
    }
    return result;
  }

  /**
   * How GitHub orders severities: security levels (critical, high, medium, low) above the
   * non-security levels (error, warning, note, none).
   */
  static int severityRank(Level level, SecuritySeverityLevel security) {
    if (security != null) {
      return 5 + security.ordinal();
    }
    return 1 + level.ordinal();
  }

  /**
   * Finds a result's rule: by index in the referenced component (driver unless {@code
   * rule.toolComponent} names an extension), else by id in that component, else — when no component
   * was named — by id in the driver and then each extension.
   */
  SarifRule resolve(
      String ruleId,
      int ruleIndex,
      String refId,
      int componentIndex,
      String componentName,
      String componentGuid) {
    Component component = driver;
    boolean explicit = false;
    if (componentIndex >= 0) {
      component = componentIndex < extensions.size() ? extensions.get(componentIndex) : null;
      explicit = true;
    } else if (componentName != null || componentGuid != null) {
      component = findComponent(componentName, componentGuid);
      explicit = component != null;
      if (component == null) {
        component = driver;
      }
    }
    if (component != null && ruleIndex >= 0 && ruleIndex < component.rules.size()) {
      return component.rules.get(ruleIndex);
    }
    String id = ruleId != null ? ruleId : refId;
    if (id == null) {
      return null;
    }
    if (component != null && component.rulesById.containsKey(id)) {
      return component.rulesById.get(id);
    }
    if (explicit) {
      return null;
    }
    SarifRule rule = driver.rulesById.get(id);
    for (int i = 0; rule == null && i < extensions.size(); i++) {
      rule = extensions.get(i).rulesById.get(id);
    }
    return rule;
  }

  private Component findComponent(String name, String guid) {
    List<Component> all = new ArrayList<>();
    all.add(driver);
    all.addAll(extensions);
    for (Component c : all) {
      if ((guid != null && guid.equalsIgnoreCase(c.guid))
          || (name != null && name.equals(c.name))) {
        return c;
      }
    }
    return null;
  }

  /** Resolves a result read in the emit pass. */
  SarifResult toResult(
      RawResult r, int ordinal, AlertFingerprints fingerprints, SarifLimits limits) {
    SarifRule rule =
        resolve(
            r.ruleId,
            r.effectiveRuleIndex(),
            r.refId,
            r.componentIndex,
            r.componentName,
            r.componentGuid);
    String ruleId =
        r.ruleId != null ? r.ruleId : r.refId != null ? r.refId : rule == null ? null : rule.id();
    Level level = Level.effective(Level.fromSarif(r.level), r.kind, rule);
    String message = message(r, rule);

    List<SarifLocation> locations = new ArrayList<>(r.locations.size());
    for (RawResult.Location location : r.locations) {
      locations.add(location(location));
    }
    SarifLocation primary = locations.isEmpty() ? null : locations.get(0);

    List<RawResult.Step> steps = r.steps;
    int keepSteps = limits.keptThreadFlowLocationsPerResult();
    if (steps.size() > keepSteps) {
      // Keep the most important steps (essential, important, unimportant), in document order.
      List<RawResult.Step> byImportance = new ArrayList<>(steps);
      byImportance.sort(Comparator.comparingInt(s -> -importance(s.importance())));
      Set<RawResult.Step> chosen = Collections.newSetFromMap(new IdentityHashMap<>());
      chosen.addAll(byImportance.subList(0, keepSteps));
      steps = steps.stream().filter(chosen::contains).toList();
    }
    List<ThreadFlowLocation> flow = new ArrayList<>(steps.size());
    for (RawResult.Step step : steps) {
      SarifLocation at =
          step.location() == null
              ? new SarifLocation(null, null, null, null)
              : location(step.location());
      flow.add(new ThreadFlowLocation(step.threadFlow(), step.step(), at, step.importance()));
    }

    String path = primary == null ? null : primary.path();
    String snippet = primary == null ? null : primary.region().fingerprintSnippet();
    String fingerprint = fingerprints.next(ruleId, path, message, snippet, r.partialFingerprints);
    AlertKey key =
        new AlertKey(run.tool().name(), run.category().category(), ruleId, path, fingerprint);
    return new SarifResult(
        index,
        ordinal,
        ruleId,
        rule,
        level,
        r.kind,
        message,
        primary,
        locations,
        flow,
        r.partialFingerprints,
        r.fingerprints,
        r.suppressions,
        fingerprint,
        key);
  }

  private static int importance(String importance) {
    return new ThreadFlowLocation(0, 0, null, importance).priority();
  }

  private SarifLocation location(RawResult.Location location) {
    RepositoryPaths.Ref ref =
        paths.effective(location.uri(), location.uriBaseId(), location.index());
    return new SarifLocation(paths.path(ref), ref.uri(), location.region(), location.message());
  }

  /** message.text, else message.id looked up in the rule's, then the components' strings. */
  private String message(RawResult r, SarifRule rule) {
    if (r.messageText != null) {
      return r.messageText;
    }
    if (r.messageId == null) {
      return "";
    }
    String template = rule == null ? null : rule.messageStrings().get(r.messageId);
    if (template == null && rule != null && rule.toolComponent() >= 0) {
      template = extensions.get(rule.toolComponent()).globalMessageStrings.get(r.messageId);
    }
    if (template == null) {
      template = driver.globalMessageStrings.get(r.messageId);
    }
    return template == null ? "" : format(template, r.messageArguments);
  }

  /** SARIF message formatting: {@code {n}} placeholders, {@code {{}} and {@code }}} escapes. */
  static String format(String template, List<String> arguments) {
    StringBuilder out = new StringBuilder(template.length() + 32);
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
        out.append('{');
        i++;
      } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
        out.append('}');
        i++;
      } else if (c == '{') {
        int close = template.indexOf('}', i);
        int n = close > i + 1 ? parseIndex(template.substring(i + 1, close)) : -1;
        if (n >= 0 && n < arguments.size()) {
          out.append(arguments.get(n));
          i = close;
        } else {
          out.append(c);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int parseIndex(String s) {
    if (s.isEmpty() || s.length() > 6) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return -1;
      }
    }
    return Integer.parseInt(s);
  }
}
