package dev.vigil.scanning.domain;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One SARIF result as written, before rule and path resolution. Reused for every result of a pass
 * so that only one result is in memory at a time. In the light mode of the index pass only the rule
 * reference, level, kind, location artifacts and counts are read.
 */
final class RawResult {

  /** An artifact reference seen in the light pass (scheme check happens at run end). */
  interface ArtifactSink {
    void artifact(String uri, String uriBaseId, Integer index);
  }

  record Location(
      String uri, String uriBaseId, Integer index, SarifRegion region, String message) {}

  record Step(int threadFlow, int step, Location location, String importance) {}

  String ruleId;
  String refId;
  int ruleIndex;
  int componentIndex;
  String componentName;
  String componentGuid;
  String level;
  String kind;
  String messageText;
  String messageId;
  final List<String> messageArguments = new ArrayList<>();
  final List<Location> locations = new ArrayList<>();
  int locationCount;
  final List<Step> steps = new ArrayList<>();
  int stepCount;
  final Map<String, String> partialFingerprints = new LinkedHashMap<>();
  final Map<String, String> fingerprints = new LinkedHashMap<>();
  final List<Suppression> suppressions = new ArrayList<>();

  private final boolean full;
  private final SarifLimits limits;
  private ArtifactSink sink;
  private int threadFlows;

  RawResult(boolean full, SarifLimits limits) {
    this.full = full;
    this.limits = limits;
  }

  /** Reads the result object the parser is on. */
  void read(JsonParser p, ArtifactSink sink) throws IOException {
    reset();
    this.sink = sink;
    Json.forEachField(
        p,
        name -> {
          switch (name) {
            case "ruleId" -> ruleId = Json.text(p);
            case "ruleIndex" -> ruleIndex = index(Json.nonNegativeInt(p));
            case "rule" -> readRuleReference(p);
            case "level" -> level = Json.text(p);
            case "kind" -> kind = Json.text(p);
            case "locations" -> readLocations(p);
            case "codeFlows" -> readCodeFlows(p);
            case "message" -> {
              if (full) {
                readMessage(p);
              } else {
                p.skipChildren();
              }
            }
            case "partialFingerprints" -> readStrings(p, partialFingerprints);
            case "fingerprints" -> readStrings(p, fingerprints);
            case "suppressions" -> readSuppressions(p);
            default -> p.skipChildren();
          }
        });
  }

  /** ruleIndex, else rule.index, else -1. */
  int effectiveRuleIndex() {
    return ruleIndex >= 0 ? ruleIndex : -1;
  }

  private void reset() {
    ruleId = null;
    refId = null;
    ruleIndex = -1;
    componentIndex = -1;
    componentName = null;
    componentGuid = null;
    level = null;
    kind = null;
    messageText = null;
    messageId = null;
    messageArguments.clear();
    locations.clear();
    locationCount = 0;
    steps.clear();
    stepCount = 0;
    threadFlows = 0;
    partialFingerprints.clear();
    fingerprints.clear();
    suppressions.clear();
  }

  private static int index(Integer i) {
    return i == null ? -1 : i;
  }

  private void readRuleReference(JsonParser p) throws IOException {
    Json.forEachField(
        p,
        name -> {
          switch (name) {
            case "id" -> refId = Json.text(p);
            case "index" -> {
              int i = index(Json.nonNegativeInt(p));
              if (ruleIndex < 0) {
                ruleIndex = i;
              }
            }
            case "toolComponent" ->
                Json.forEachField(
                    p,
                    field -> {
                      switch (field) {
                        case "index" -> componentIndex = index(Json.nonNegativeInt(p));
                        case "name" -> componentName = Json.text(p);
                        case "guid" -> componentGuid = Json.text(p);
                        default -> p.skipChildren();
                      }
                    });
            default -> p.skipChildren();
          }
        });
  }

  private void readMessage(JsonParser p) throws IOException {
    Json.forEachField(
        p,
        name -> {
          switch (name) {
            case "text" -> messageText = Json.text(p);
            case "id" -> messageId = Json.text(p);
            case "arguments" ->
                Json.forEachElement(
                    p,
                    i -> {
                      String arg = Json.text(p);
                      messageArguments.add(arg == null ? "" : arg);
                    });
            default -> p.skipChildren();
          }
        });
  }

  private void readLocations(JsonParser p) throws IOException {
    Json.forEachElement(
        p,
        i -> {
          locationCount++;
          if (locationCount > limits.maxLocationsPerResult()) {
            throw new SarifException(
                SarifException.Reason.LIMIT_EXCEEDED,
                "a result has more than " + limits.maxLocationsPerResult() + " locations");
          }
          boolean keep = full && locations.size() < limits.keptLocationsPerResult();
          Location location = readLocation(p, keep, true);
          if (keep) {
            locations.add(location);
          }
        });
  }

  private void readCodeFlows(JsonParser p) throws IOException {
    Json.forEachElement(
        p,
        flow ->
            Json.forEachField(
                p,
                name -> {
                  if (!name.equals("threadFlows")) {
                    p.skipChildren();
                    return;
                  }
                  Json.forEachElement(
                      p,
                      thread -> {
                        int threadFlow = threadFlows++;
                        Json.forEachField(
                            p,
                            field -> {
                              if (field.equals("locations")) {
                                Json.forEachElement(p, step -> readStep(p, threadFlow, step));
                              } else {
                                p.skipChildren();
                              }
                            });
                      });
                }));
  }

  private void readStep(JsonParser p, int threadFlow, int step) throws IOException {
    stepCount++;
    if (stepCount > limits.maxThreadFlowLocationsPerResult()) {
      throw new SarifException(
          SarifException.Reason.LIMIT_EXCEEDED,
          "a result has more than "
              + limits.maxThreadFlowLocationsPerResult()
              + " thread flow locations");
    }
    if (!full) {
      p.skipChildren();
      return;
    }
    Location[] location = {null};
    String[] importance = {null};
    Json.forEachField(
        p,
        name -> {
          switch (name) {
            case "location" -> location[0] = readLocation(p, true, false);
            case "importance" -> importance[0] = Json.text(p);
            default -> p.skipChildren();
          }
        });
    steps.add(new Step(threadFlow, step, location[0], importance[0]));
  }

  /**
   * Reads a location object. With {@code detail} false only the artifact reference is read; with
   * {@code report} the artifact is passed to the sink (result locations only).
   */
  private Location readLocation(JsonParser p, boolean detail, boolean report) throws IOException {
    String[] artifact = new String[2];
    Integer[] index = {null};
    SarifRegion[] region = {null};
    String[] message = {null};
    Json.forEachField(
        p,
        name -> {
          switch (name) {
            case "physicalLocation" ->
                Json.forEachField(
                    p,
                    field -> {
                      switch (field) {
                        case "artifactLocation" ->
                            Json.forEachField(
                                p,
                                a -> {
                                  switch (a) {
                                    case "uri" -> artifact[0] = Json.text(p);
                                    case "uriBaseId" -> artifact[1] = Json.text(p);
                                    case "index" -> index[0] = Json.nonNegativeInt(p);
                                    default -> p.skipChildren();
                                  }
                                });
                        case "region" -> {
                          if (detail) {
                            region[0] = readRegion(p, region[0]);
                          } else {
                            p.skipChildren();
                          }
                        }
                        case "contextRegion" -> {
                          if (detail) {
                            String context = readContextSnippet(p);
                            SarifRegion r = region[0] == null ? SarifRegion.EMPTY : region[0];
                            region[0] =
                                new SarifRegion(
                                    r.startLine(),
                                    r.startColumn(),
                                    r.endLine(),
                                    r.endColumn(),
                                    r.snippet(),
                                    context);
                          } else {
                            p.skipChildren();
                          }
                        }
                        default -> p.skipChildren();
                      }
                    });
            case "message" -> {
              if (detail) {
                message[0] = Json.textProperty(p);
              } else {
                p.skipChildren();
              }
            }
            default -> p.skipChildren();
          }
        });
    if (report && sink != null) {
      sink.artifact(artifact[0], artifact[1], index[0]);
    }
    if (!detail) {
      return null;
    }
    return new Location(artifact[0], artifact[1], index[0], region[0], message[0]);
  }

  private static SarifRegion readRegion(JsonParser p, SarifRegion previous) throws IOException {
    Integer[] numbers = new Integer[4];
    String[] snippet = {null};
    Json.forEachField(
        p,
        name -> {
          switch (name) {
            case "startLine" -> numbers[0] = Json.nonNegativeInt(p);
            case "startColumn" -> numbers[1] = Json.nonNegativeInt(p);
            case "endLine" -> numbers[2] = Json.nonNegativeInt(p);
            case "endColumn" -> numbers[3] = Json.nonNegativeInt(p);
            case "snippet" -> snippet[0] = Json.textProperty(p);
            default -> p.skipChildren();
          }
        });
    String context = previous == null ? null : previous.contextSnippet();
    return new SarifRegion(numbers[0], numbers[1], numbers[2], numbers[3], snippet[0], context);
  }

  private static String readContextSnippet(JsonParser p) throws IOException {
    String[] snippet = {null};
    Json.forEachField(
        p,
        name -> {
          if (name.equals("snippet")) {
            snippet[0] = Json.textProperty(p);
          } else {
            p.skipChildren();
          }
        });
    return snippet[0];
  }

  private void readStrings(JsonParser p, Map<String, String> into) throws IOException {
    if (!full) {
      p.skipChildren();
      return;
    }
    Json.forEachField(
        p,
        name -> {
          String value = Json.text(p);
          if (value != null) {
            into.put(name, value);
          }
        });
  }

  private void readSuppressions(JsonParser p) throws IOException {
    if (!full) {
      p.skipChildren();
      return;
    }
    Json.forEachElement(
        p,
        i -> {
          String[] parts = new String[3];
          boolean object =
              Json.forEachField(
                  p,
                  name -> {
                    switch (name) {
                      case "kind" -> parts[0] = Json.text(p);
                      case "status" -> parts[1] = Json.text(p);
                      case "justification" -> parts[2] = Json.text(p);
                      default -> p.skipChildren();
                    }
                  });
          if (object) {
            suppressions.add(new Suppression(parts[0], parts[1], parts[2]));
          }
        });
  }
}
