package dev.vigil.scanning.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streaming SARIF 2.1.0 reader with GitHub's acceptance rules and limits.
 *
 * <p><b>Two passes over a replayable source.</b> SARIF puts a run's rules ({@code tool}), base
 * URIs, artifacts and working directory anywhere in the run object, and converters commonly write
 * {@code results} first. Results also cannot be emitted before the run's result count is known,
 * because GitHub keeps only the most severe 5,000. So the <i>index pass</i> reads the file once,
 * keeping every run's metadata and a few bytes per result (rule reference, level, counts),
 * validates everything (version, structure, limits) and picks the kept results; the <i>emit
 * pass</i> reads it again and hands each kept result, fully resolved, to the visitor. Results are
 * never buffered: one is in memory at a time. The price is parsing twice, which is cheap next to
 * storing alerts. Metadata of all runs (at most 20) stays in memory between the passes, bounded by
 * {@link SarifLimits#maxMetadataChars()}.
 *
 * <p><b>Leniency.</b> Unknown properties are skipped; scalar values of an unexpected type are read
 * as absent. Rejected: not JSON, not an object, no {@code runs}, a {@code runs}/{@code results}
 * that is not an array of objects, {@code version} missing or not {@code 2.1.0} (GitHub accepts
 * only SARIF 2.1.0), and any documented limit exceeded.
 *
 * <p>Instances hold only their options and are safe to share between threads.
 */
public final class SarifStreamParser {

  /** The only SARIF version code scanning accepts. */
  public static final String SUPPORTED_VERSION = "2.1.0";

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final SarifParseOptions options;
  private final SarifLimits limits;

  /** A parser with {@link SarifParseOptions#defaults()}. */
  public SarifStreamParser() {
    this(SarifParseOptions.defaults());
  }

  /** A parser for one upload's options. */
  public SarifStreamParser(SarifParseOptions options) {
    this.options = options;
    this.limits = options.limits();
  }

  /** Validates the document and summarises its runs without emitting results (one pass). */
  public SarifParseReport inspect(SarifSource source) {
    return report(index(source));
  }

  /**
   * Validates the document, then calls {@code visitor} for each run and kept result.
   *
   * @throws SarifException when GitHub would reject the document (nothing has been emitted then).
   * @throws UncheckedIOException when the source cannot be read.
   */
  public SarifParseReport parse(SarifSource source, SarifVisitor visitor) {
    List<RunIndex> runs = index(source);
    try (InputStream in = source.open();
        JsonParser p = JSON.createParser(in)) {
      new EmitPass(p, runs, visitor).read();
    } catch (IOException e) {
      throw translate(e);
    }
    return report(runs);
  }

  private SarifParseReport report(List<RunIndex> runs) {
    return new SarifParseReport(SUPPORTED_VERSION, runs.stream().map(RunIndex::summary).toList());
  }

  private List<RunIndex> index(SarifSource source) {
    try (InputStream in = source.open();
        JsonParser p = JSON.createParser(in)) {
      return new IndexPass(p).read();
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /**
   * Maps read failures to GitHub's statuses; the JSON error text is not reused (it quotes input).
   */
  private static RuntimeException translate(IOException e) {
    if (e instanceof SarifIOException s) {
      return s.sarif();
    }
    if (e instanceof StreamConstraintsException) {
      return new SarifException(
          SarifException.Reason.LIMIT_EXCEEDED,
          "the SARIF contains a value beyond the parser's size or nesting limits");
    }
    if (e instanceof JsonProcessingException j) {
      var at = j.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      return new SarifException(
          SarifException.Reason.INVALID_JSON, "the SARIF is not valid JSON" + where);
    }
    if (e instanceof CharConversionException) {
      return new SarifException(
          SarifException.Reason.INVALID_JSON, "the SARIF is not valid UTF-8/16/32 JSON text");
    }
    return new UncheckedIOException(e);
  }

  private static SarifException invalid(String message) {
    return new SarifException(SarifException.Reason.INVALID_SARIF, message);
  }

  /** Reads the root object, calling {@code runHandler} per run; shared by both passes. */
  private interface RunHandler {
    void run(int index) throws IOException;
  }

  /** Returns whether the log has a runs array. */
  private static boolean readRoot(JsonParser p, Json.FieldHandler other, RunHandler runHandler)
      throws IOException {
    boolean[] sawRuns = {false};
    // Counted across arrays so that a repeated "runs" key cannot reuse run indices.
    int[] nextRun = {0};
    JsonToken first = p.nextToken();
    if (first == null) {
      throw new SarifException(SarifException.Reason.INVALID_JSON, "the SARIF is empty");
    }
    if (first != JsonToken.START_OBJECT) {
      throw invalid("a SARIF log must be a JSON object");
    }
    Json.forEachField(
        p,
        name -> {
          if (!name.equals("runs")) {
            other.field(name);
            return;
          }
          if (p.currentToken() != JsonToken.START_ARRAY) {
            throw invalid("runs must be an array");
          }
          sawRuns[0] = true;
          Json.forEachElement(
              p,
              i -> {
                if (p.currentToken() != JsonToken.START_OBJECT) {
                  throw invalid("each run must be an object");
                }
                runHandler.run(nextRun[0]++);
              });
        });
    if (p.nextToken() != null) {
      throw new SarifException(
          SarifException.Reason.INVALID_JSON, "the SARIF has content after the top-level object");
    }
    return sawRuns[0];
  }

  /** First pass: validation, metadata, counts, kept results. */
  private final class IndexPass {
    private final JsonParser p;
    private final List<RunIndex> runs = new ArrayList<>();
    private final RawResult raw = new RawResult(false, limits);
    private String version;
    private long metadataChars;

    IndexPass(JsonParser p) {
      this.p = p;
    }

    List<RunIndex> read() throws IOException {
      boolean sawRuns =
          readRoot(
              p,
              name -> {
                switch (name) {
                  case "version" -> {
                    version = Json.text(p);
                    checkVersion();
                  }
                  default -> p.skipChildren();
                }
              },
              this::readRun);
      if (version == null) {
        throw invalid("the SARIF has no version; code scanning accepts version 2.1.0");
      }
      if (!sawRuns) {
        throw invalid("the SARIF has no runs");
      }
      return runs;
    }

    private void checkVersion() {
      if (version == null) {
        throw invalid("the SARIF version must be a string");
      }
      if (!version.equals(SUPPORTED_VERSION)) {
        throw new SarifException(
            SarifException.Reason.UNSUPPORTED_VERSION,
            "the SARIF version is not supported; code scanning accepts version 2.1.0 only");
      }
    }

    private void readRun(int index) throws IOException {
      if (index >= limits.maxRunsPerFile()) {
        throw limit("the SARIF has more than " + limits.maxRunsPerFile() + " runs");
      }
      RunIndex run = new RunIndex(index);
      Json.forEachField(
          p,
          name -> {
            switch (name) {
              case "tool" -> readTool(run);
              case "results" -> readResults(run);
              case "automationDetails" ->
                  Json.forEachField(
                      p,
                      field -> {
                        if (field.equals("id")) {
                          run.automationId = track(Json.text(p));
                        } else {
                          p.skipChildren();
                        }
                      });
              case "originalUriBaseIds" ->
                  Json.forEachField(
                      p,
                      id -> {
                        RepositoryPaths.Ref ref = readArtifactLocation();
                        run.bases.put(track(id), ref);
                      });
              case "artifacts" ->
                  Json.forEachElement(
                      p,
                      i -> {
                        RepositoryPaths.Ref[] location = {new RepositoryPaths.Ref(null, null)};
                        Json.forEachField(
                            p,
                            field -> {
                              if (field.equals("location")) {
                                location[0] = readArtifactLocation();
                              } else {
                                p.skipChildren();
                              }
                            });
                        run.artifacts.add(location[0]);
                      });
              case "invocations" ->
                  Json.forEachElement(
                      p,
                      i ->
                          Json.forEachField(
                              p,
                              field -> {
                                if (field.equals("workingDirectory")) {
                                  RepositoryPaths.Ref wd = readArtifactLocation();
                                  if (run.workingDirectory == null && wd.uri() != null) {
                                    run.workingDirectory = wd.uri();
                                  }
                                } else {
                                  p.skipChildren();
                                }
                              }));
              default -> p.skipChildren();
            }
          });
      run.finish(options);
      runs.add(run);
    }

    private RepositoryPaths.Ref readArtifactLocation() throws IOException {
      String[] parts = new String[2];
      Json.forEachField(
          p,
          name -> {
            switch (name) {
              case "uri" -> parts[0] = track(Json.text(p));
              case "uriBaseId" -> parts[1] = track(Json.text(p));
              default -> p.skipChildren();
            }
          });
      return new RepositoryPaths.Ref(parts[0], parts[1]);
    }

    private void readResults(RunIndex run) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NULL) {
        return;
      }
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw invalid("results must be an array");
      }
      Json.forEachElement(
          p,
          i -> {
            if (p.currentToken() != JsonToken.START_OBJECT) {
              throw invalid("each result must be an object");
            }
            if (run.resultCount >= limits.maxResultsPerRun()) {
              throw limit(
                  "run " + run.index + " has more than " + limits.maxResultsPerRun() + " results");
            }
            raw.read(p, run::noteArtifact);
            run.addResult(raw);
          });
    }

    private void readTool(RunIndex run) throws IOException {
      Json.forEachField(
          p,
          name -> {
            switch (name) {
              case "driver" -> {
                run.driver = new RunIndex.Component();
                readComponent(run, run.driver, -1);
              }
              case "extensions" ->
                  Json.forEachElement(
                      p,
                      i -> {
                        if (run.extensions.size() >= limits.maxExtensionsPerRun()) {
                          throw limit(
                              "run "
                                  + run.index
                                  + " has more than "
                                  + limits.maxExtensionsPerRun()
                                  + " tool extensions");
                        }
                        RunIndex.Component extension = new RunIndex.Component();
                        run.extensions.add(extension);
                        readComponent(run, extension, run.extensions.size() - 1);
                      });
              default -> p.skipChildren();
            }
          });
    }

    private void readComponent(RunIndex run, RunIndex.Component component, int componentIndex)
        throws IOException {
      Json.forEachField(
          p,
          name -> {
            switch (name) {
              case "name" -> component.name = track(Json.text(p));
              case "version" -> component.version = track(Json.text(p));
              case "semanticVersion" -> component.semanticVersion = track(Json.text(p));
              case "guid" -> component.guid = track(Json.text(p));
              case "globalMessageStrings" -> readMessageStrings(component.globalMessageStrings);
              case "rules" ->
                  Json.forEachElement(
                      p,
                      i -> {
                        if (++run.rulesCount > limits.maxRulesPerRun()) {
                          throw limit(
                              "run "
                                  + run.index
                                  + " has more than "
                                  + limits.maxRulesPerRun()
                                  + " rules");
                        }
                        component.addRule(readRule(run, componentIndex, component.rules.size()));
                      });
              default -> p.skipChildren();
            }
          });
    }

    private void readMessageStrings(Map<String, String> into) throws IOException {
      Json.forEachField(
          p,
          id -> {
            String text = track(Json.textProperty(p));
            if (text != null) {
              into.put(track(id), text);
            }
          });
    }

    private SarifRule readRule(RunIndex run, int componentIndex, int ruleIndex) throws IOException {
      var b =
          new Object() {
            String id;
            String name;
            String shortDescription;
            String fullDescription;
            String helpText;
            String helpMarkdown;
            String helpUri;
            Level defaultLevel;
            final List<String> tags = new ArrayList<>();
            Double securitySeverity;
            String precision;
            String problemSeverity;
            final Map<String, String> messageStrings = new HashMap<>();
          };
      Json.forEachField(
          p,
          name -> {
            switch (name) {
              case "id" -> b.id = track(Json.text(p));
              case "name" -> b.name = track(Json.text(p));
              case "shortDescription" -> b.shortDescription = track(Json.textProperty(p));
              case "fullDescription" -> b.fullDescription = track(Json.textProperty(p));
              case "helpUri" -> b.helpUri = track(Json.text(p));
              case "help" ->
                  Json.forEachField(
                      p,
                      field -> {
                        switch (field) {
                          case "text" -> b.helpText = track(Json.text(p));
                          case "markdown" -> b.helpMarkdown = track(Json.text(p));
                          default -> p.skipChildren();
                        }
                      });
              case "defaultConfiguration" ->
                  Json.forEachField(
                      p,
                      field -> {
                        if (field.equals("level")) {
                          b.defaultLevel = Level.fromSarif(Json.text(p));
                        } else {
                          p.skipChildren();
                        }
                      });
              case "messageStrings" -> readMessageStrings(b.messageStrings);
              case "properties" ->
                  Json.forEachField(
                      p,
                      field -> {
                        switch (field) {
                          case "tags" -> {
                            b.tags.clear();
                            int[] count = {0};
                            Json.forEachElement(
                                p,
                                t -> {
                                  String tag = Json.text(p);
                                  if (++count[0] > limits.maxTagsPerRule()) {
                                    throw limit(
                                        "a rule of run "
                                            + run.index
                                            + " has more than "
                                            + limits.maxTagsPerRule()
                                            + " tags");
                                  }
                                  if (tag != null && b.tags.size() < limits.keptTagsPerRule()) {
                                    b.tags.add(track(tag));
                                  }
                                });
                            run.droppedTags += Math.max(0, count[0] - limits.keptTagsPerRule());
                          }
                          case "security-severity" ->
                              b.securitySeverity = SecuritySeverityLevel.parseScore(Json.text(p));
                          case "precision" -> b.precision = track(Json.text(p));
                          case "problem.severity" -> b.problemSeverity = track(Json.text(p));
                          default -> p.skipChildren();
                        }
                      });
              default -> p.skipChildren();
            }
          });
      return new SarifRule(
          b.id,
          b.name,
          b.shortDescription,
          b.fullDescription,
          b.helpText,
          b.helpMarkdown,
          b.helpUri,
          b.defaultLevel,
          b.tags,
          b.securitySeverity,
          b.precision,
          b.problemSeverity,
          componentIndex,
          ruleIndex,
          b.messageStrings);
    }

    /** Counts retained metadata against the guard. */
    private String track(String s) {
      if (s != null) {
        metadataChars += s.length();
        if (metadataChars > limits.maxMetadataChars()) {
          throw limit(
              "the SARIF's run metadata exceeds " + limits.maxMetadataChars() + " characters");
        }
      }
      return s;
    }
  }

  private static SarifException limit(String message) {
    return new SarifException(SarifException.Reason.LIMIT_EXCEEDED, message);
  }

  /** Second pass: resolve and emit kept results. */
  private final class EmitPass {
    private final JsonParser p;
    private final List<RunIndex> runs;
    private final SarifVisitor visitor;
    private final RawResult raw = new RawResult(true, limits);

    EmitPass(JsonParser p, List<RunIndex> runs, SarifVisitor visitor) {
      this.p = p;
      this.runs = runs;
      this.visitor = visitor;
    }

    void read() throws IOException {
      readRoot(p, name -> p.skipChildren(), this::emitRun);
    }

    private void emitRun(int index) throws IOException {
      RunIndex run = runs.get(index);
      SarifRun meta = run.run();
      visitor.run(meta);
      AlertFingerprints fingerprints = new AlertFingerprints();
      int[] ordinal = {0};
      Json.forEachField(
          p,
          name -> {
            if (!name.equals("results")) {
              p.skipChildren();
              return;
            }
            Json.forEachElement(
                p,
                i -> {
                  raw.read(p, null);
                  int n = ordinal[0]++;
                  // Fingerprints count every result, so a kept result's key does not depend on
                  // which others were dropped.
                  SarifResult result = run.toResult(raw, n, fingerprints, limits);
                  if (run.isKept(n)) {
                    visitor.result(meta, result);
                  }
                });
          });
      visitor.runEnd(meta);
    }
  }
}
