package dev.vigil.sync.domain.repo;

import dev.vigil.sync.domain.rules.CheckStatus;
import dev.vigil.sync.domain.rules.DetectionRuleDefinition;
import dev.vigil.sync.domain.rules.InputLimitExceeded;
import dev.vigil.sync.domain.rules.RuleFailure;
import dev.vigil.sync.domain.rules.RuleTestRunner;
import dev.vigil.sync.domain.rules.RuleValidator;
import dev.vigil.sync.domain.rules.SyncConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validate → test step of a sync: finds the rule files of a snapshot as scanner-cli does (YAML
 * with the schema header, under the source's directory), reads the sync config, validates every
 * rule and runs its tests. The caller materializes only when there is no failure; a file beyond a
 * safety limit refuses the whole archive instead of counting as a failure.
 */
public final class SyncPlanner {

  private SyncPlanner() {}

  /** A rule file ready to materialize. */
  public record RuleFile(
      String path,
      String text,
      String sha256,
      DetectionRuleDefinition rule,
      List<String> warnings) {}

  /** A rejected file, as the sync answer reports it. */
  public record FileFailure(String filePath, CheckStatus checkStatus, String reason) {}

  /** What the snapshot would sync to, or why not. */
  public record Plan(List<RuleFile> rules, List<FileFailure> failures) {
    public boolean ok() {
      return failures.isEmpty();
    }
  }

  /**
   * Plans a sync.
   *
   * @param directory only rule files under it (repository-relative, no slashes around), or blank
   * @param syncConfigPath repository-relative path of the sync config; a missing file is no keys
   * @throws ArchiveException when a file is beyond a safety limit (size, YAML aliases or nesting,
   *     query length): the whole archive is refused, naming the file
   */
  public static Plan plan(RepositorySnapshot snapshot, String directory, String syncConfigPath)
      throws ArchiveException {
    List<FileFailure> failures = new ArrayList<>();
    String configPath = normalize(syncConfigPath);
    SyncConfig config = SyncConfig.EMPTY;
    String configText = snapshot.yamlFiles().get(configPath);
    if (configText != null) {
      try {
        config = SyncConfig.parse(configText);
      } catch (InputLimitExceeded e) {
        throw refused(configPath, e);
      } catch (SyncConfig.InvalidSyncConfig e) {
        return new Plan(
            List.of(),
            List.of(new FileFailure(configPath, CheckStatus.ErrorInRule, e.getMessage())));
      }
    }
    String under = normalize(directory);
    String prefix = under.isEmpty() ? "" : under + "/";
    for (String path : snapshot.oversizeRuleFiles()) {
      if (path.startsWith(prefix)) {
        throw refused(path, new InputLimitExceeded(RuleValidator.tooLarge()));
      }
    }
    List<RuleFile> rules = new ArrayList<>();
    for (Map.Entry<String, String> file : snapshot.yamlFiles().entrySet()) {
      String path = file.getKey();
      if (!path.startsWith(prefix)
          || path.equals(configPath)
          || !RuleValidator.isRuleFile(path, file.getValue())) {
        continue;
      }
      RuleValidator.Outcome outcome;
      try {
        outcome = RuleValidator.validate(file.getValue(), Optional.of(config));
      } catch (InputLimitExceeded e) {
        throw refused(path, e);
      }
      RuleFailure failure = outcome.failure();
      if (failure == null) {
        failure = RuleTestRunner.failure(RuleTestRunner.run(outcome.rule()));
      }
      if (failure != null) {
        failures.add(new FileFailure(path, failure.checkStatus(), failure.reason()));
        continue;
      }
      rules.add(
          new RuleFile(
              path, file.getValue(), sha256(file.getValue()), outcome.rule(), outcome.warnings()));
    }
    return new Plan(List.copyOf(rules), List.copyOf(failures));
  }

  // A file beyond a safety limit refuses the whole archive, named so the user can find it.
  private static ArchiveException refused(String path, InputLimitExceeded e) {
    return new ArchiveException(path + ": " + e.getMessage());
  }

  private static String normalize(String path) {
    if (path == null) {
      return "";
    }
    String p = path.trim();
    while (p.startsWith("/") || p.startsWith("./")) {
      p = p.startsWith("/") ? p.substring(1) : p.substring(2);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** Lower-case hex SHA-256 of the text's UTF-8 bytes. */
  public static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
